// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A principal whose children are deleted with it by a database cascade.</summary>
public sealed class LeadFixParent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public List<LeadFixChild> Children { get; set; } = [];
}
