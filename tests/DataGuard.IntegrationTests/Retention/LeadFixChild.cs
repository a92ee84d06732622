// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A cascade dependent of <see cref="LeadFixParent"/> (DeleteBehavior.Cascade) with a timestamp of its own.</summary>
public sealed class LeadFixChild
{
    public long Id { get; set; }

    public long ParentId { get; set; }

    public DateTimeOffset At { get; set; }

    public string? Note { get; set; }
}
