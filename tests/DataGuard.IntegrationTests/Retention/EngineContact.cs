// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A contact that is anonymized: the name gets a marker, the phone number (encrypted, blind-indexed) becomes null.</summary>
public sealed class EngineContact
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string Name { get; set; } = string.Empty;

    [DataSubject]
    [PhoneNumber]
    [Encrypted(Searchable = true)]
    public string? Phone { get; set; }

    public string Kind { get; set; } = "customer";
}
