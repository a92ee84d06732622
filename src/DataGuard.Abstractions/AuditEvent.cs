// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard;

/// <summary>
/// One audited act on personal data. No field holds raw personal data: subjects are blind-index hashes or masked forms.
/// </summary>
public sealed record AuditEvent
{
    /// <summary>Gets the action (one of <see cref="AuditActions"/> or an application-defined name).</summary>
    public required string Action { get; init; }

    /// <summary>Gets how the action ended.</summary>
    public AuditOutcome Outcome { get; init; }

    /// <summary>Gets when the action happened (from <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the acting user's id (the <c>sub</c> or name-identifier claim), if any.</summary>
    public string? ActorId { get; init; }

    /// <summary>Gets the acting user's roles.</summary>
    public IReadOnlyList<string> ActorRoles { get; init; } = [];

    /// <summary>Gets the tenant, if any.</summary>
    public string? TenantId { get; init; }

    /// <summary>Gets the resource acted on (for example an endpoint, or <c>Entity#key</c>), never a personal value.</summary>
    public string? Resource { get; init; }

    /// <summary>
    /// Gets the data subjects touched, as hashes from <see cref="IAuditSubjectHasher"/>, never raw identifiers. The audit pipeline refuses
    /// an event whose subjects are not such hashes.
    /// </summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>Gets the stated purpose, if any.</summary>
    public string? Purpose { get; init; }

    /// <summary>Gets why the action was denied or failed, if it was; never personal data.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the W3C trace id of the current activity, if any.</summary>
    public string? TraceId { get; init; }

    /// <summary>Gets how many items the action covered (for example tokens detokenized, or rows read by one query).</summary>
    public int Count { get; init; }

    /// <summary>Gets the client or application id the actor used (for example the OAuth <c>client_id</c> or <c>azp</c> claim), if any.</summary>
    public string? ClientId { get; init; }

    /// <summary>Gets the key of the resource acted on (for example an entity's primary key), if any; never a personal value.</summary>
    public string? ResourceId { get; init; }

    /// <summary>Gets the caller's network address, truncated by default (see the audit options), if known.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>Gets the names (never the values) of the properties an action created or changed.</summary>
    public IReadOnlyList<string> Properties { get; init; } = [];
}
