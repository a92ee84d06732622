// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>An archive that keeps the batches in memory, or fails when told to.</summary>
public sealed class EngineArchive : IRetentionArchive
{
    public ConcurrentQueue<RetentionArchiveBatch> Batches { get; } = new();

    public bool Fail { get; set; }

    /// <summary>Gets how many batches were handed over (failed ones included).</summary>
    public int Calls { get; private set; }

    public Task ArchiveAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (Fail)
        {
            throw new System.IO.IOException("archive disk full");
        }

        Batches.Enqueue(batch);
        return Task.CompletedTask;
    }
}
