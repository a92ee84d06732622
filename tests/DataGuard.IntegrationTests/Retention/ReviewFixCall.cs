// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A call (no subject column of its own) whose clips, notes and tags may be under holds of their own.</summary>
public sealed class ReviewFixCall
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "t1";

    public DateTimeOffset StartedAt { get; set; }

    public List<ReviewFixClip> Clips { get; set; } = [];
}
