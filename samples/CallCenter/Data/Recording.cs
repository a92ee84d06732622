// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace CallCenter.Data;

/// <summary>
/// A call recording: the audio lives in a file under the recordings folder, the row points to it. Retention deletes the file before
/// the row (<see cref="CallCenter.Retention.RecordingFilesRetentionHook"/>).
/// </summary>
public sealed class Recording
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public long CallLogId { get; set; }

    public string FilePath { get; set; } = string.Empty;

    public DateTimeOffset RecordedAt { get; set; }
}
