// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;
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
    /// Gets what runs before every keys-first batch (before its keys are selected, its archive and hooks run): stops on cancellation,
    /// renews the lease (throws <see cref="RetentionLeaseLostException"/> when it is lost) and loads the holds in force. A one-statement
    /// batch needs no such step: <see cref="InTransactionAsync"/> does both inside its transaction.
    /// </summary>
    public required Func<CancellationToken, Task<ActiveLegalHolds>> BeforeBatchAsync { get; init; }

    /// <summary>
    /// Gets what runs first inside every batch transaction, on the run's own connection (<see cref="Context"/>): renews the lease with
    /// its fencing token (throws <see cref="RetentionLeaseLostException"/> when it is lost, which rolls the batch back) and reloads the
    /// holds in force, which the batch's purge statements then exclude. Built by <see cref="RenewAndReload"/>.
    /// </summary>
    public required Func<CancellationToken, Task<ActiveLegalHolds>> InTransactionAsync { get; init; }

    /// <summary>The <see cref="InTransactionAsync"/> step of a run: lease renewal and hold reload on <paramref name="context"/>.</summary>
    /// <param name="context">The run's context (its current transaction is the batch's).</param>
    /// <param name="lease">The lease.</param>
    /// <param name="fencingToken">The run's fencing token.</param>
    /// <param name="leaseDuration">How long a renewal extends the lease.</param>
    /// <param name="encryptor">The key ring's encryptor (subject identifiers).</param>
    /// <param name="services">The application's services (the subject hasher that verifies subject holds).</param>
    /// <param name="time">The clock.</param>
    /// <returns>The step.</returns>
    public static Func<CancellationToken, Task<ActiveLegalHolds>> RenewAndReload(
        DbContext context, RetentionLease lease, long fencingToken, TimeSpan leaseDuration, FieldEncryptor encryptor, IServiceProvider services, TimeProvider time)
    {
        var hasher = LegalHoldReader.HasherFor(services, encryptor);
        // Not cancellable: once a batch started (its hooks may have deleted files), it completes; cancellation stops between batches.
        return async _ =>
        {
            var now = time.GetUtcNow();
            if (!await lease.RenewAsync(context, fencingToken, now, leaseDuration).ConfigureAwait(false))
            {
                throw new RetentionLeaseLostException();
            }

            return await LegalHoldReader.LoadAsync(context, encryptor, now, CancellationToken.None, hasher).ConfigureAwait(false);
        };
    }
}
