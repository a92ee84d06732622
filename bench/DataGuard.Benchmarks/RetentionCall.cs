// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Benchmarks;

/// <summary>A call log for the retention benchmark: a tenant, an encrypted searchable caller and a UTC start.</summary>
public sealed class RetentionCall
{
    public long Id { get; set; }

    public string TenantId { get; set; } = string.Empty;

    [Encrypted(Searchable = true)]
    [DataSubject]
    public string? CallerNumber { get; set; }

    public DateTime StartedAt { get; set; }
}
