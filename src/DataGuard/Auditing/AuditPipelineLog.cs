// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace DataGuard.Auditing;

/// <summary>Log messages of the audit pipeline, writer and anomaly detector (event ids 1640-1699). None carries personal data.</summary>
internal static partial class AuditPipelineLog
{
    [LoggerMessage(1640, LogLevel.Warning, "DataGuard could not store {Count} audit events of stream {Stream} (attempt {Attempt}); retrying in {Delay}. No event is dropped.")]
    public static partial void StoreFailed(ILogger logger, int count, string stream, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(1641, LogLevel.Error, "DataGuard's audit writer was stopped by the shutdown timeout with {Count} audit events not stored.")]
    public static partial void ShutdownLeftEvents(ILogger logger, long count);

    [LoggerMessage(1642, LogLevel.Warning, "DataGuard audit anomaly {Rule}: {DistinctSubjects} distinct data subjects within {Window} exceed the threshold of {Threshold}.")]
    public static partial void AnomalyDetected(ILogger logger, string rule, int distinctSubjects, TimeSpan window, int threshold);

    [LoggerMessage(1643, LogLevel.Error, "An audit anomaly handler ({HandlerType}) failed for rule {Rule}.")]
    public static partial void AnomalyHandlerFailed(ILogger logger, string handlerType, string rule, Exception exception);

    [LoggerMessage(1644, LogLevel.Information, "DataGuard stored {Count} audit events of stream {Stream} after {Attempts} attempts.")]
    public static partial void StoreRecovered(ILogger logger, int count, string stream, int attempts);
}
