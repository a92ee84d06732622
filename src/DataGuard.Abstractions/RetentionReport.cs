// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard;

/// <summary>The outcome of a retention run or dry run, per policy and tenant group.</summary>
public sealed class RetentionReport
{
    /// <summary>Gets the run's id (also the id of its run record; a dry run has one but stores no record).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Gets whether nothing was changed.</summary>
    public required bool DryRun { get; init; }

    /// <summary>Gets how the run ended.</summary>
    public required RetentionRunStatus Status { get; init; }

    /// <summary>Gets when the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the run ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Gets the entries, ordered by category then tenant (the default group first).</summary>
    public required IReadOnlyList<RetentionReportEntry> Entries { get; init; }

    /// <summary>Gets the errors (category and exception type or reason; never personal data).</summary>
    public required IReadOnlyList<string> Errors { get; init; }
}
