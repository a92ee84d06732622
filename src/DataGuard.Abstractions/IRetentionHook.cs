// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>
/// Runs before a retention run deletes, archives or anonymizes rows of <typeparamref name="TEntity"/>, for example to delete the
/// recording files they own. Register it in DI (<c>services.AddScoped&lt;IRetentionHook&lt;Recording&gt;, RecordingFiles&gt;()</c>).
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <remarks>
/// A row the hook retains (<see cref="RetentionHookBatch{TEntity}.Retain"/>) stays, is reported as failed and is tried again by the
/// next run; a hook that throws retains the whole batch. Hooks must be idempotent: a crash after the hook and before the delete
/// repeats it for the same rows.
/// </remarks>
public interface IRetentionHook<TEntity>
    where TEntity : class
{
    /// <summary>Handles the external data of one batch of expiring rows.</summary>
    /// <param name="batch">The rows (read without tracking) and the means to retain some of them.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the external data is handled.</returns>
    Task BeforePurgeAsync(RetentionHookBatch<TEntity> batch, CancellationToken cancellationToken = default);
}
