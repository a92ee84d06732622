// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace DataGuard.EFCore;

/// <summary>
/// The EF Core package's log messages (event ids 2000-2999). Names, key ids and counts only: never values.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "DataGuard re-encryption of {Table}: batch {Batch}, {Scanned} rows scanned, {Rewritten} rewritten, {Conflicted} changed concurrently, {Failed} failed.")]
    public static partial void ReencryptionBatch(ILogger logger, string table, int batch, long scanned, long rewritten, long conflicted, long failed);

    [LoggerMessage(2001, LogLevel.Warning, "DataGuard re-encryption could not read a value of {Column} ({Reason}, key {KeyId}); the row is left as it is.")]
    public static partial void ReencryptionRowFailed(ILogger logger, string column, CryptographicFailureReason reason, KeyId? keyId);

    [LoggerMessage(2002, LogLevel.Information, "DataGuard re-encryption finished: {Scanned} rows scanned, {Rewritten} rewritten, {Conflicted} changed concurrently, {Failed} failed, in {Elapsed}.")]
    public static partial void ReencryptionFinished(ILogger logger, long scanned, long rewritten, long conflicted, long failed, TimeSpan elapsed);
}
