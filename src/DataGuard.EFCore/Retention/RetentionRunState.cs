// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataGuard.EFCore.Retention;

/// <summary>What the batches of one real run share.</summary>
internal sealed class RetentionRunState
{
    public required Guid RunId { get; init; }

    /// <summary>Gets the run's context (never tracks entities).</summary>
    public required DbContext Context { get; init; }

    /// <summary>Gets the run's scope services (hooks, archive).</summary>
    public required IServiceProvider Services { get; init; }

    public required int BatchSize { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    public required ILogger Logger { get; init; }

    /// <summary>
    /// Gets what runs before every batch: stops on cancellation, renews the lease (throws <see cref="RetentionLeaseLostException"/> when it
    /// is lost) and loads the holds in force.
    /// </summary>
    public required Func<CancellationToken, Task<ActiveLegalHolds>> BeforeBatchAsync { get; init; }
}
