// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;

namespace DataGuard.Auditing;

/// <summary>Options of the audit trail (<c>AddAudit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>Gets or sets how events reach the store.</summary>
    /// <value>The default is <see cref="AuditWriteMode.Buffered"/>.</value>
    public AuditWriteMode WriteMode { get; set; } = AuditWriteMode.Buffered;

    /// <summary>Gets or sets how many events the buffer holds before writers wait (back-pressure; events are never dropped).</summary>
    /// <value>The default is 10,000.</value>
    [Range(1, 10_000_000)]
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets the largest number of events written in one batch (one transaction per stream).</summary>
    /// <value>The default is 500.</value>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Gets or sets how the chain is hashed.</summary>
    /// <value>The default is <see cref="AuditChainMode.Keyed"/>.</value>
    public AuditChainMode ChainMode { get; set; } = AuditChainMode.Keyed;

    /// <summary>Gets or sets how much of the caller's network address is recorded.</summary>
    /// <value>The default is <see cref="AuditRemoteAddressMode.Truncated"/> (IPv4 /24, IPv6 /48).</value>
    public AuditRemoteAddressMode RemoteAddress { get; set; } = AuditRemoteAddressMode.Truncated;

    /// <summary>Gets or sets a value indicating whether SaveChanges and bulk updates/deletes of entities with personal data are audited.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool AuditChanges { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether queries reading entities with personal data are audited (one record per query and entity type).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool AuditReads { get; set; } = true;

    /// <summary>Gets or sets how often a checkpoint of every stream is exported to the registered <see cref="IAuditCheckpointSink"/>s, or <see langword="null"/> for never.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public TimeSpan? CheckpointInterval { get; set; }

    /// <summary>
    /// Gets or sets how long an append in its own transaction waits for its stream's head while another transaction holds it, before it
    /// fails with a <see cref="DataGuardException"/> that says why (PostgreSQL <c>lock_timeout</c>; SQLite busy timeout).
    /// </summary>
    /// <remarks>
    /// In <see cref="AuditWriteMode.Synchronous"/> mode an open application transaction that wrote audited changes holds its stream's
    /// head until it ends; an audit write of the same stream outside that transaction (for example a detokenization) waits for it. This
    /// bound turns that wait, which the waiting caller itself would never end, into an error. Appends inside a caller's transaction use
    /// the caller's settings.
    /// </remarks>
    /// <value>The default is 30 seconds; at least one second, at most ten minutes.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the anomaly rules (for example more than 100 distinct subjects read by one principal within an hour).</summary>
    public IList<AuditAnomalyRule> AnomalyRules { get; } = [];
}
