// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row keyed by bytes (a key with no invariant text form: record holds on it are refused).</summary>
public sealed class ReviewFixBlob
{
    public byte[] Id { get; set; } = [];

    public DateTimeOffset At { get; set; }
}
