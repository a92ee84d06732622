// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>Why, by whom and until when a legal hold is placed.</summary>
public sealed class LegalHoldDetails
{
    /// <summary>Gets the reason (a case or matter reference; never personal data). Required.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets who places the hold (a user or service id). Required.</summary>
    public required string PlacedBy { get; init; }

    /// <summary>Gets when the hold ends by itself, or <see langword="null"/> for a hold that lasts until it is lifted.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// Gets the tenant a subject or record hold is limited to, or <see langword="null"/> for every tenant: a subject hold with a tenant
    /// covers that tenant's rows only.
    /// </summary>
    public string? TenantId { get; init; }
}
