// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>
/// Receives the rows of an archive policy before they are deleted. The values are the stored ones: encrypted columns stay encrypted
/// (their envelope, key id included), so the archive never holds decrypted personal data.
/// </summary>
public interface IRetentionArchive
{
    /// <summary>
    /// Stores one batch durably. The rows are deleted only after this returns; when it throws, they stay and the run reports the
    /// failure. A crash between the two leaves rows that the next run archives again: archives must tolerate a repeated batch
    /// (every row carries its key).
    /// </summary>
    /// <param name="batch">The rows.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the batch is durable.</returns>
    Task ArchiveAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default);
}
