// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;

namespace DataGuard.Retention;

/// <summary>Options of retention (<c>dg.AddRetention(...)</c>), bindable from <c>DataGuard:Retention</c>.</summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section the options bind from by default.</summary>
    public const string SectionName = "DataGuard:Retention";

    /// <summary>Gets the policies, keyed by category (lower-case letters, digits and <c>-</c>, at most 64 characters).</summary>
    public IDictionary<string, RetentionPolicyOptions> Policies { get; } = new Dictionary<string, RetentionPolicyOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the rows per batch (one statement and one transaction each). Default 1,000; at most 4,999, below the lock-escalation
    /// threshold of servers that escalate at 5,000 locks.
    /// </summary>
    [Range(1, 4999)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Gets or sets whether the hosted scheduler runs the policies. Default <see langword="true"/>; turn it off to run them only through <see cref="IRetentionService.RunAsync"/>.</summary>
    public bool RunOnSchedule { get; set; } = true;

    /// <summary>
    /// Gets or sets the time of day (UTC) of the daily run, or <see langword="null"/> to run every <see cref="Interval"/>. Default 03:00.
    /// </summary>
    public TimeSpan? DailyAt { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Gets or sets the interval between runs when <see cref="DailyAt"/> is <see langword="null"/>. Default one hour; at least one minute.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how long the lease lasts without renewal. The running instance renews it before every batch; an instance that
    /// stalls longer loses it and stops. Default five minutes; at least ten seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the directory of the default file-system archive (JSON lines of stored, still encrypted values), or
    /// <see langword="null"/>. Required when an archive policy exists and no other <see cref="IRetentionArchive"/> is registered.
    /// </summary>
    public string? ArchiveDirectory { get; set; }
}
