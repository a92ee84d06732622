// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DataGuard.EFCore.Retention;

/// <summary>What one policy group did (or would do).</summary>
internal sealed class GroupOutcome
{
    public long Purged { get; set; }

    public long Dependents { get; set; }

    public long HeldBack { get; set; }

    public long Kept { get; set; }

    public long Failed { get; set; }

    /// <summary>Gets the group's errors (reasons and exception types, never values).</summary>
    public List<string> Errors { get; } = [];
}
