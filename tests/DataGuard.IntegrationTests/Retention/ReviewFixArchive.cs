// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>An archive that records its calls in a shared order log and fails when told to.</summary>
public sealed class ReviewFixArchive : IRetentionArchive
{
    public ConcurrentQueue<string> Order { get; init; } = new();

    public bool Fail { get; set; }

    public Task ArchiveAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default)
    {
        Order.Enqueue("archive");
        if (Fail)
        {
            throw new System.IO.IOException("archive unavailable");
        }

        return Task.CompletedTask;
    }
}
