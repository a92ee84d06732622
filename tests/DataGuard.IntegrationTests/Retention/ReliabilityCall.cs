// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A call log for the reliability tests: a tenant, an encrypted searchable caller (the data subject) and a UTC start.</summary>
public sealed class ReliabilityCall
{
    public long Id { get; set; }

    public string TenantId { get; set; } = string.Empty;

    [PhoneNumber]
    [Encrypted(Searchable = true)]
    [DataSubject]
    public string? Caller { get; set; }

    public DateTime StartedAt { get; set; }

    public ReliabilityRowGroup Group { get; set; }
}
