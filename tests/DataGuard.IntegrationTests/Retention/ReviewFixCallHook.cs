// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A hook over expiring calls that records its calls in a shared order log, runs a test's action and retains with a reason when told.</summary>
public sealed class ReviewFixCallHook : IRetentionHook<ReviewFixCall>
{
    /// <summary>Gets what happened, in order ("hook", "archive").</summary>
    public ConcurrentQueue<string> Order { get; init; } = new();

    public Func<RetentionHookBatch<ReviewFixCall>, Task>? OnBatch { get; set; }

    /// <summary>Gets or sets the reason to retain every row with (none: retain nothing).</summary>
    public string? RetainReason { get; set; }

    public int Batches { get; private set; }

    public async Task BeforePurgeAsync(RetentionHookBatch<ReviewFixCall> batch, CancellationToken cancellationToken = default)
    {
        Batches++;
        Order.Enqueue("hook");
        if (OnBatch is not null)
        {
            await OnBatch(batch);
        }

        if (RetainReason is not null)
        {
            foreach (var row in batch.Rows)
            {
                batch.Retain(row, RetainReason);
            }
        }
    }
}
