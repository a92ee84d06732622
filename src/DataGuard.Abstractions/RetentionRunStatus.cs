// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>How a retention run ended.</summary>
public enum RetentionRunStatus
{
    /// <summary>Every policy ran to the end (rows a hook retained are reported, not counted as a failure of the run).</summary>
    Completed = 0,

    /// <summary>The run was cancelled between batches; what it did is committed, the next run continues.</summary>
    Cancelled = 1,

    /// <summary>A policy failed; the others ran. The errors say which and why.</summary>
    Failed = 2,

    /// <summary>The run stopped because another instance took its lease (this one stalled past the lease's expiry).</summary>
    LeaseLost = 3,

    /// <summary>The run did not start: another instance holds the lease.</summary>
    Skipped = 4,
}
