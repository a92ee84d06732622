// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>The same row timed by a UTC <see cref="DateTime"/>.</summary>
public sealed class ReliabilityUtcCall
{
    public int Id { get; set; }

    public string Label { get; set; } = string.Empty;

    public DateTime StartedAt { get; set; }
}
