// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row with a composite key and a DateTimeOffset without conversion (bad-input cases).</summary>
public sealed class EnginePair
{
    public int Left { get; set; }

    public int Right { get; set; }

    public DateTime At { get; set; }

    public DateTimeOffset RawAt { get; set; }

    public string Label { get; set; } = string.Empty;
}
