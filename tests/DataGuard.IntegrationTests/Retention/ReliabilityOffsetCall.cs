// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row timed by a <see cref="DateTimeOffset"/> with any offset (stored UTC-normalised).</summary>
public sealed class ReliabilityOffsetCall
{
    public int Id { get; set; }

    public string Label { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }
}
