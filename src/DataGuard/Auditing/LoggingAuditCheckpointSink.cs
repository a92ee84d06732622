// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace DataGuard.Auditing;

/// <summary>
/// Exports audit checkpoints as one structured log entry each (event id 1600, category <c>DataGuard.Audit.Checkpoints</c>) with the
/// stream, the head's sequence and hash. Logs usually leave the machine for a log store the database writer cannot change, which is
/// what makes a checkpoint useful.
/// </summary>
internal sealed class LoggingAuditCheckpointSink(ILoggerFactory loggerFactory) : IAuditCheckpointSink
{
    /// <summary>The log category.</summary>
    public const string Category = "DataGuard.Audit.Checkpoints";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public ValueTask ExportAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        AuditTrailLog.Checkpoint(_logger, checkpoint.Stream, checkpoint.Sequence, checkpoint.HeadHash, checkpoint.CreatedAt);
        return ValueTask.CompletedTask;
    }
}
