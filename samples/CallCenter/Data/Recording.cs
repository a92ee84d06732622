// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace CallCenter.Data;

/// <summary>A call recording: the audio lives in a file, the row points to it.</summary>
public sealed class Recording
{
    public long Id { get; set; }

    public long CallLogId { get; set; }

    public string FilePath { get; set; } = string.Empty;

    public DateTimeOffset RecordedAt { get; set; }
}
