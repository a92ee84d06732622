// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Testing.Model;

/// <summary>An owned type with a searchable encrypted property.</summary>
public sealed class Address
{
    [Encrypted(Searchable = true)]
    public string? Phone { get; set; }

    public string City { get; set; } = string.Empty;
}
