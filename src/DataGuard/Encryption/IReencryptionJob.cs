// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Encryption;

/// <summary>
/// Rewrites stored values that are not in their final form: values under a key other than the active data key, values
/// of another algorithm than their column's, legacy plaintext (plaintext migration), and blind indexes not computed under
/// the active index key.
/// </summary>
/// <remarks>
/// Safe to run while the application writes, and on several instances at once: each row is rewritten by compare-and-swap on
/// its old stored value, so a concurrent update is never overwritten (the row is counted as a conflict and picked up by the
/// next run). Resumable: rows already rewritten are not rewritten again, so a cancelled or crashed run simply continues.
/// </remarks>
public interface IReencryptionJob
{
    /// <summary>Runs the job over every protected column once.</summary>
    /// <param name="options">Batch size and scope; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives a report after every batch.</param>
    /// <param name="cancellationToken">Stops the job between batches (a batch is one transaction).</param>
    /// <returns>What the run did.</returns>
    Task<ReencryptionResult> RunAsync(ReencryptionOptions? options = null, IProgress<ReencryptionProgress>? progress = null, CancellationToken cancellationToken = default);
}
