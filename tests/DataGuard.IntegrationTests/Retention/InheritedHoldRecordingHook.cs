// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>Stands for the blob deleter: records the file of every recording the engine hands it before the rows go.</summary>
public sealed class InheritedHoldRecordingHook : IRetentionHook<InheritedHoldRecording>
{
    public ConcurrentQueue<string> DeletedFiles { get; } = new();

    public Task BeforePurgeAsync(RetentionHookBatch<InheritedHoldRecording> batch, CancellationToken cancellationToken = default)
    {
        foreach (var row in batch.Rows)
        {
            DeletedFiles.Enqueue(row.FilePath);
        }

        return Task.CompletedTask;
    }
}
