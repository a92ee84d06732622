// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>Receives audit checkpoints to keep outside the database (a log line, a file, object storage with retention lock).</summary>
public interface IAuditCheckpointSink
{
    /// <summary>Stores one checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the checkpoint is stored.</returns>
    ValueTask ExportAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default);
}
