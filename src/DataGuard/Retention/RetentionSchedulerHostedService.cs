// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Retention;

/// <summary>
/// Runs the retention policies on schedule through <see cref="IRetentionService.RunAsync"/>: every day at
/// <see cref="RetentionOptions.DailyAt"/> (UTC; the next occurrence strictly after now), or every <see cref="RetentionOptions.Interval"/>
/// when no daily time is set. Does nothing when <see cref="RetentionOptions.RunOnSchedule"/> is off or no policy is configured.
/// </summary>
/// <remarks>
/// Waits on <see cref="TimeProvider"/>. A run that throws is logged (its exception type only: messages of database exceptions can quote
/// values) and the schedule goes on. Stopping the host cancels the wait, or the run in progress between batches (the run then reports
/// itself cancelled); the service then ends without error. Several instances may all schedule runs: the database lease makes one run.
/// Log event ids 1700-1729.
/// </remarks>
internal sealed partial class RetentionSchedulerHostedService(
    IServiceProvider services,
    IOptions<RetentionOptions> options,
    TimeProvider timeProvider,
    ILogger<RetentionSchedulerHostedService> logger) : BackgroundService
{
    /// <summary>The next scheduled run strictly after <paramref name="now"/>.</summary>
    /// <param name="now">The current instant.</param>
    /// <param name="options">The options.</param>
    /// <returns>The instant of the next run.</returns>
    internal static DateTimeOffset NextRun(DateTimeOffset now, RetentionOptions options)
    {
        if (options.DailyAt is not { } timeOfDay)
        {
            return now + options.Interval;
        }

        var utc = now.ToUniversalTime();
        var today = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero) + timeOfDay;
        return today > utc ? today : today.AddDays(1);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunOnSchedule || settings.Policies.Count == 0)
        {
            NotScheduled(logger, settings.RunOnSchedule, settings.Policies.Count);
            return;
        }

        if (services.GetService<IRetentionService>() is not { } retention)
        {
            // Start-up validation reports the missing store; nothing to schedule without it.
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            var next = NextRun(now, settings);
            NextRunScheduled(logger, next);
            try
            {
                await Task.Delay(next - now, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var report = await retention.RunAsync(stoppingToken).ConfigureAwait(false);
                RunEnded(logger, report.RunId, report.Status, report.Errors.Count);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed run must not end the schedule; the next one retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                RunFailed(logger, ex.GetType().FullName ?? ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(1700, LogLevel.Debug, "DataGuard retention is not scheduled (run on schedule: {RunOnSchedule}, policies: {PolicyCount}).")]
    private static partial void NotScheduled(ILogger logger, bool runOnSchedule, int policyCount);

    [LoggerMessage(1701, LogLevel.Debug, "DataGuard retention runs next at {NextRun:O}.")]
    private static partial void NextRunScheduled(ILogger logger, DateTimeOffset nextRun);

    [LoggerMessage(1702, LogLevel.Information, "DataGuard retention run {RunId} ended: {Status}, {ErrorCount} errors.")]
    private static partial void RunEnded(ILogger logger, Guid runId, RetentionRunStatus status, int errorCount);

    [LoggerMessage(1703, LogLevel.Error, "DataGuard retention run failed with {ExceptionType}; the schedule goes on.")]
    private static partial void RunFailed(ILogger logger, string exceptionType);
}
