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

    /// <summary>Gets the anomaly rules (for example more than 100 distinct subjects read by one principal within an hour).</summary>
    public IList<AuditAnomalyRule> AnomalyRules { get; } = [];
}
