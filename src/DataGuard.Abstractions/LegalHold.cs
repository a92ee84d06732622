// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>A legal hold as stored: while it is active, no retention run deletes, anonymizes or archives the rows it covers.</summary>
public sealed class LegalHold
{
    /// <summary>Gets the hold's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets what the hold covers.</summary>
    public required LegalHoldScope Scope { get; init; }

    /// <summary>Gets the tenant the hold covers (tenant holds) or is limited to, or <see langword="null"/>.</summary>
    public string? TenantId { get; init; }

    /// <summary>Gets the keyed hash of the subject (<see cref="IAuditSubjectHasher"/>, <c>s1:…</c>) for subject holds; never the identifier.</summary>
    public string? SubjectHash { get; init; }

    /// <summary>Gets the held row's entity type (CLR full name) for record holds.</summary>
    public string? EntityType { get; init; }

    /// <summary>Gets the held row's primary key in invariant text form for record holds.</summary>
    public string? RecordKey { get; init; }

    /// <summary>Gets the reason.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets who placed the hold.</summary>
    public required string PlacedBy { get; init; }

    /// <summary>Gets when the hold was placed.</summary>
    public required DateTimeOffset PlacedAt { get; init; }

    /// <summary>Gets when the hold ends by itself, or <see langword="null"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets when the hold was lifted, or <see langword="null"/> while it stands.</summary>
    public DateTimeOffset? LiftedAt { get; init; }

    /// <summary>Gets who lifted the hold, or <see langword="null"/>.</summary>
    public string? LiftedBy { get; init; }

    /// <summary>Gets why the hold was lifted, or <see langword="null"/>.</summary>
    public string? LiftReason { get; init; }

    /// <summary>Whether the hold is in force at <paramref name="now"/>: not lifted, and not expired (a hold is in force up to, not at, its expiry).</summary>
    /// <param name="now">The time to test.</param>
    /// <returns><see langword="true"/> when the hold is in force.</returns>
    public bool IsActiveAt(DateTimeOffset now) => LiftedAt is null && (ExpiresAt is null || now < ExpiresAt.Value);
}
