// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// A row of the <c>DataGuardAuditRecords</c> table: one sealed audit record. The time is stored as Unix microseconds (UTC), which every
/// provider compares and orders the same way and which round-trips the chain's microsecond-normalised time exactly. Lists (roles,
/// property names) are stored as JSON arrays.
/// </summary>
internal sealed class DataGuardAuditRecordEntity
{
    /// <summary>Gets or sets the surrogate key (identity).</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the stream.</summary>
    public string Stream { get; set; } = string.Empty;

    /// <summary>Gets or sets the position in the stream.</summary>
    public long Sequence { get; set; }

    /// <summary>Gets or sets the time as Unix microseconds (UTC).</summary>
    public long TimestampMicros { get; set; }

    /// <summary>Gets or sets the action.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>Gets or sets the outcome (<see cref="AuditOutcome"/>).</summary>
    public int Outcome { get; set; }

    /// <summary>Gets or sets the actor.</summary>
    public string? ActorId { get; set; }

    /// <summary>Gets or sets the actor's roles (a JSON array).</summary>
    public string ActorRoles { get; set; } = "[]";

    /// <summary>Gets or sets the client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Gets or sets the resource.</summary>
    public string? Resource { get; set; }

    /// <summary>Gets or sets the resource key.</summary>
    public string? ResourceId { get; set; }

    /// <summary>Gets or sets the purpose.</summary>
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the reason.</summary>
    public string? Reason { get; set; }

    /// <summary>Gets or sets the trace id.</summary>
    public string? TraceId { get; set; }

    /// <summary>Gets or sets the remote address.</summary>
    public string? RemoteAddress { get; set; }

    /// <summary>Gets or sets the count.</summary>
    public int Count { get; set; }

    /// <summary>Gets or sets the property names (a JSON array).</summary>
    public string Properties { get; set; } = "[]";

    /// <summary>Gets or sets the subject hashes (a JSON array, in the record's order; the subjects table indexes them).</summary>
    public string Subjects { get; set; } = "[]";

    /// <summary>Gets or sets the previous record's hash.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>Gets or sets the record's hash.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>Gets or sets the chain key id.</summary>
    public string? KeyId { get; set; }
}
