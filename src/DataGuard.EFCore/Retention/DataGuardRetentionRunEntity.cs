// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.EFCore.Retention;

/// <summary>A row of <c>DataGuardRetentionRuns</c>: one real run, written when it starts and updated when it ends.</summary>
internal sealed class DataGuardRetentionRunEntity
{
    public Guid Id { get; set; }

    public string Owner { get; set; } = string.Empty;

    public long FencingToken { get; set; }

    public long StartedAtMicros { get; set; }

    public long? EndedAtMicros { get; set; }

    /// <summary><c>running</c>, or the <see cref="RetentionRunStatus"/> name in lower case.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>The report's entries and errors as JSON (no personal data), set when the run ends.</summary>
    public string? Report { get; set; }
}
