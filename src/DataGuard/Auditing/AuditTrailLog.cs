// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace DataGuard.Auditing;

/// <summary>
/// Log messages of the audit trail's chain, verification and checkpoints (event ids 1600-1639). They carry stream names, sequence
/// numbers, hashes and counts only, never personal data.
/// </summary>
internal static partial class AuditTrailLog
{
    [LoggerMessage(1600, LogLevel.Information, "DataGuard audit checkpoint: stream {Stream} sequence {Sequence} head {HeadHash} at {CreatedAt:O}.")]
    public static partial void Checkpoint(ILogger logger, string stream, long sequence, string? headHash, DateTimeOffset createdAt);

    [LoggerMessage(1601, LogLevel.Warning, "DataGuard could not export a checkpoint of audit stream {Stream}; the next interval retries.")]
    public static partial void CheckpointFailed(ILogger logger, string stream, Exception exception);

    [LoggerMessage(1602, LogLevel.Warning, "DataGuard audit stream {Stream} failed verification at sequence {Sequence}: {Failure}.")]
    public static partial void VerificationFailed(ILogger logger, string stream, long sequence, AuditChainFailure failure);

    [LoggerMessage(1603, LogLevel.Warning, "DataGuard could not list the audit streams to checkpoint; the next interval retries.")]
    public static partial void CheckpointListFailed(ILogger logger, Exception exception);
}
