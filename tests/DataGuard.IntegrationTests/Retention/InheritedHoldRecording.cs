// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A recording of a call (optional foreign key, no phone number of its own) whose audio lives in a file.</summary>
public sealed class InheritedHoldRecording
{
    public long Id { get; set; }

    public long? CallId { get; set; }

    public string FilePath { get; set; } = string.Empty;

    public DateTimeOffset RecordedAt { get; set; }
}
