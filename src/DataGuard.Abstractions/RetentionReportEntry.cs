// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>What one policy did (or, in a dry run, would do) for one tenant group.</summary>
public sealed class RetentionReportEntry
{
    /// <summary>Gets the policy's category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the entity type (CLR name).</summary>
    public required string EntityType { get; init; }

    /// <summary>Gets the policy's action.</summary>
    public required RetentionAction Action { get; init; }

    /// <summary>
    /// Gets the tenant whose own choice applied, or <see langword="null"/> for the policy's default period (every tenant without a
    /// choice, or a table without tenants).
    /// </summary>
    public string? TenantId { get; init; }

    /// <summary>Gets the retention period that applied, or <see langword="null"/> for indefinite.</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>Gets the cutoff: rows with a timestamp strictly before it are past the period, a row exactly at it is kept.</summary>
    public DateTimeOffset? Cutoff { get; init; }

    /// <summary>Gets the rows deleted, anonymized or archived (dry run: that would be).</summary>
    public long Purged { get; init; }

    /// <summary>Gets the dependent rows deleted or detached with them (per the EF model's delete behaviour).</summary>
    public long Dependents { get; init; }

    /// <summary>
    /// Gets the rows past the period that a legal hold kept: a hold on the row, on a principal it refers to, or on a dependent row that
    /// refers to it (and would go with it, or restricts its deletion).
    /// </summary>
    public long HeldBack { get; init; }

    /// <summary>Gets the rows past the period that a <see cref="RetentionAction.Keep"/> policy keeps by law.</summary>
    public long Kept { get; init; }

    /// <summary>
    /// Gets the rows past the period that could not be purged: a hook or the archive could not handle them, or unheld rows of a dependent
    /// whose delete behaviour restricts deletion refer to them. They stay for the next run.
    /// </summary>
    public long Failed { get; init; }
}
