// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.EFCore.Retention;

/// <summary>A row of <c>DataGuardLegalHolds</c>. Times are Unix microseconds (UTC), which SQLite can compare.</summary>
internal sealed class DataGuardLegalHoldEntity
{
    public Guid Id { get; set; }

    /// <summary>The <see cref="LegalHoldScope"/>.</summary>
    public int Scope { get; set; }

    public string? TenantId { get; set; }

    /// <summary>The subject's keyed hash (<c>s1:…</c>) for subject holds.</summary>
    public string? SubjectHash { get; set; }

    /// <summary>The subject's identifier, encrypted (AEAD bound to this table and column), for subject holds.</summary>
    public string? SubjectValue { get; set; }

    /// <summary>The held row's entity type (CLR full name) for record holds.</summary>
    public string? EntityType { get; set; }

    /// <summary>The held row's key in invariant text for record holds.</summary>
    public string? RecordKey { get; set; }

    public string Reason { get; set; } = string.Empty;

    public string PlacedBy { get; set; } = string.Empty;

    public long PlacedAtMicros { get; set; }

    public long? ExpiresAtMicros { get; set; }

    public long? LiftedAtMicros { get; set; }

    public string? LiftedBy { get; set; }

    public string? LiftReason { get; set; }
}
