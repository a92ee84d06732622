// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace DataGuard.EFCore.Retention;

/// <summary>The retention engine's log messages (event ids 2700-2749). Categories, tables, counts and exception types only: never values.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(2700, LogLevel.Information, "DataGuard retention run {RunId} started (owner {Owner}, fencing token {FencingToken}, {Policies} policies).")]
    public static partial void RunStarted(ILogger logger, Guid runId, string owner, long fencingToken, int policies);

    [LoggerMessage(2701, LogLevel.Information, "DataGuard retention run {RunId} ended {Status}: {Purged} rows purged, {Dependents} dependents, {HeldBack} held back, {Kept} kept, {Failed} failed, in {Elapsed}.")]
    public static partial void RunEnded(ILogger logger, Guid runId, RetentionRunStatus status, long purged, long dependents, long heldBack, long kept, long failed, TimeSpan elapsed);

    [LoggerMessage(2702, LogLevel.Error, "DataGuard retention policy {Category} failed ({ExceptionType}); the other policies run on.")]
    public static partial void PolicyFailed(ILogger logger, string category, string exceptionType, Exception exception);

    [LoggerMessage(2703, LogLevel.Warning, "DataGuard retention run {RunId} lost its lease (fencing token {FencingToken}) to another instance and stopped.")]
    public static partial void LeaseLost(ILogger logger, Guid runId, long fencingToken);

    [LoggerMessage(2704, LogLevel.Information, "DataGuard retention run skipped: another instance holds the lease.")]
    public static partial void Skipped(ILogger logger);

    [LoggerMessage(2705, LogLevel.Debug, "DataGuard retention {Category} ({Table}): batch of {Rows} rows, {Dependents} dependents.")]
    public static partial void Batch(ILogger logger, string category, string table, long rows, long dependents);

    [LoggerMessage(2706, LogLevel.Warning, "DataGuard retention {Category}: {Rows} rows stay for the next run ({Reason}).")]
    public static partial void RowsFailed(ILogger logger, string category, long rows, string reason);

    [LoggerMessage(2707, LogLevel.Information, "DataGuard retention run {RunId} was cancelled between batches.")]
    public static partial void Cancelled(ILogger logger, Guid runId);

    [LoggerMessage(2708, LogLevel.Warning, "DataGuard retention run {RunId}: the run record could not be written ({ExceptionType}).")]
    public static partial void RunRecordFailed(ILogger logger, Guid runId, string exceptionType, Exception exception);

    [LoggerMessage(2709, LogLevel.Warning, "DataGuard retention run {RunId}: the lease could not be released ({ExceptionType}); it expires on its own.")]
    public static partial void ReleaseFailed(ILogger logger, Guid runId, string exceptionType, Exception exception);

    [LoggerMessage(2710, LogLevel.Warning, "DataGuard retention {Category}: {Count} stored tenant choices are outside the policy's current bounds and were not applied; those tenants got the default period.")]
    public static partial void ChoicesIgnored(ILogger logger, string category, int count);
}
