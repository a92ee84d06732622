// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A case: the principal the diamond-shaped dependents hang from.</summary>
public sealed class DiamondCase
{
    public long Id { get; set; }

    public DateTimeOffset OpenedAt { get; set; }
}
