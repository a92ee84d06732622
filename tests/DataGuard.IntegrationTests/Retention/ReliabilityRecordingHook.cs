// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>Records every call row handed to it before its purge, across hosts (one shared dictionary: row id to times handed).</summary>
public sealed class ReliabilityRecordingHook(ConcurrentDictionary<long, int> handed) : IRetentionHook<ReliabilityCall>
{
    /// <inheritdoc />
    public Task BeforePurgeAsync(RetentionHookBatch<ReliabilityCall> batch, CancellationToken cancellationToken = default)
    {
        foreach (var row in batch.Rows)
        {
            handed.AddOrUpdate(row.Id, 1, static (_, n) => n + 1);
        }

        return Task.CompletedTask;
    }
}
