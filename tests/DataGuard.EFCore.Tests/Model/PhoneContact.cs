// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Model;

/// <summary>An entity with phone numbers: one encrypted and searchable, one plain, one set through the fluent API.</summary>
public sealed class PhoneContact
{
    public long Id { get; set; }

    public string? Tenant { get; set; }

    [PhoneNumber]
    [Encrypted(Searchable = true)]
    public string Mobile { get; set; } = "";

    [PhoneNumber]
    public string? Office { get; set; }

    public string? Fax { get; set; }

    public PhoneAddress? Address { get; set; }
}
