// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row with the same instant stored three ways.</summary>
public sealed class UtcTimestampRow
{
    public int Id { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset NaiveAt { get; set; }
}
