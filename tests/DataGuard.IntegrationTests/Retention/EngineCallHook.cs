// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A hook over expiring calls that records the rows it saw and retains, throws or acts as a test tells it.</summary>
public sealed class EngineCallHook : IRetentionHook<EngineCallLog>
{
    public ConcurrentQueue<long> Seen { get; } = new();

    /// <summary>Gets the ids to retain (for example because their file could not be deleted).</summary>
    public HashSet<long> Retain { get; } = [];

    public bool Throw { get; set; }

    /// <summary>Gets or sets what runs at the start of each batch (for example stealing the lease or cancelling the run).</summary>
    public Func<int, Task>? OnBatch { get; set; }

    public int Batches { get; private set; }

    public async Task BeforePurgeAsync(RetentionHookBatch<EngineCallLog> batch, CancellationToken cancellationToken = default)
    {
        Batches++;
        if (OnBatch is not null)
        {
            await OnBatch(Batches);
        }

        if (Throw)
        {
            throw new InvalidOperationException("secret-message +919876543210");
        }

        foreach (var row in batch.Rows)
        {
            Seen.Enqueue(row.Id);
            if (Retain.Contains(row.Id))
            {
                batch.Retain(row, "file locked");
            }
        }
    }
}
