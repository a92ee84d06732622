// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// One stored audit event, sealed into its stream's hash chain: the record's <see cref="Hash"/> covers its canonical encoding, which
/// includes <see cref="PreviousHash"/>, so editing, removing, inserting or reordering records breaks the chain.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>Gets the stream the record belongs to (<c>system</c>, or <c>tenant:</c> followed by the tenant id).</summary>
    public required string Stream { get; init; }

    /// <summary>Gets the record's position in its stream, starting at 1, without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the audited event; its timestamp is normalised to whole microseconds (UTC) before sealing.</summary>
    public required AuditEvent Event { get; init; }

    /// <summary>Gets the hash of the previous record of the stream (lower-case hex), or <see langword="null"/> for the first record.</summary>
    public string? PreviousHash { get; init; }

    /// <summary>Gets the record's hash (lower-case hex): SHA-256, or HMAC-SHA256 under the chain key named by <see cref="KeyId"/>.</summary>
    public required string Hash { get; init; }

    /// <summary>Gets the id of the key-ring key the chain is keyed with, or <see langword="null"/> for an unkeyed SHA-256 chain.</summary>
    public string? KeyId { get; init; }
}
