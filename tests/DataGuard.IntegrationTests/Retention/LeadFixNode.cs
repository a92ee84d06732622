// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A self-referencing row (a reply to another node, deleted with it by a database cascade).</summary>
public sealed class LeadFixNode
{
    public long Id { get; set; }

    public long? ParentId { get; set; }

    public DateTimeOffset At { get; set; }
}
