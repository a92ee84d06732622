// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A note on a recording (required foreign key): two levels below the call; it may also be about a call (optional foreign key).</summary>
public sealed class InheritedHoldRecordingNote
{
    public long Id { get; set; }

    public long RecordingId { get; set; }

    public long? AboutCallId { get; set; }

    public string Text { get; set; } = string.Empty;

    public DateTimeOffset WrittenAt { get; set; }
}
