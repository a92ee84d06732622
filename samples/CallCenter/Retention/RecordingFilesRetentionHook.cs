// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CallCenter.Data;
using DataGuard;

namespace CallCenter.Retention;

/// <summary>
/// Deletes a recording's audio file before retention deletes its row. A file that cannot be deleted keeps its row (retried by the next
/// run, reported as failed), so there is never a row without its file being accounted for, nor a file without a row. Idempotent: a file
/// that is already gone counts as deleted (a crash between this hook and the delete repeats it).
/// </summary>
public sealed class RecordingFilesRetentionHook(RecordingStore store) : IRetentionHook<Recording>
{
    public Task BeforePurgeAsync(RetentionHookBatch<Recording> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var recording in batch.Rows)
        {
            if (!store.Contains(recording.FilePath))
            {
                // Never delete a file outside the recordings folder because a row says so.
                batch.Retain(recording, "the recording's file is outside the recordings folder");
                continue;
            }

            try
            {
                File.Delete(recording.FilePath);      // no error when the file is already gone
            }
            catch (DirectoryNotFoundException)
            {
                // The folder is gone, so is the file.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                batch.Retain(recording, $"the recording's file could not be deleted ({ex.GetType().Name})");
            }
        }

        return Task.CompletedTask;
    }
}
