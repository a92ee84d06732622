// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataGuard.Auditing;

/// <summary>
/// Drains <see cref="AuditPipeline"/>'s buffer: takes up to <see cref="AuditOptions.BatchSize"/> events, appends each stream's events in
/// one store call, and on failure waits (exponential backoff from <see cref="TimeProvider"/>, capped at 30 s) and retries the same events,
/// sealed on the stream's new head; nothing is dropped. Stopping completes the buffer and stores everything still in it; only the host's
/// shutdown timeout can cut that short, and then the number of events left is logged.
/// </summary>
internal sealed class AuditWriterHostedService : IHostedService, IDisposable
{
    /// <summary>The first retry delay; each further failure doubles it up to <see cref="MaxBackoff"/>.</summary>
    internal static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest retry delay.</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly AuditPipeline _pipeline;
    private readonly DataGuardMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private Task? _loop;

    public AuditWriterHostedService(AuditPipeline pipeline, DataGuardMetrics metrics, TimeProvider time, ILogger<AuditWriterHostedService> logger)
    {
        _pipeline = pipeline;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop ??= Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pipeline.Complete();
        if (_loop is null)
        {
            return;
        }

        // Graceful: the loop ends once the completed buffer is empty. The shutdown timeout aborts it.
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
        {
            await _loop.ConfigureAwait(false);
        }
    }

    public void Dispose() => _abort.Dispose();

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based).</summary>
    internal static TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 16));
        var delay = TimeSpan.FromTicks((long)(InitialBackoff.Ticks * factor));
        return delay < MaxBackoff ? delay : MaxBackoff;
    }

    private async Task RunAsync()
    {
        var reader = _pipeline.Reader;
        var batchSize = _pipeline.Options.BatchSize;
        var batch = new List<AuditEvent>(Math.Min(batchSize, 1024));
        var token = _abort.Token;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (batch.Count < batchSize && reader.TryRead(out var auditEvent))
                {
                    batch.Add(auditEvent);
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                var started = _time.GetTimestamp();
                foreach (var (stream, events) in AuditPipeline.GroupByStream(batch))
                {
                    await StoreWithRetryAsync(stream, events, token).ConfigureAwait(false);
                }

                _metrics.AuditFlushDuration.Record(_time.GetElapsedTime(started).TotalMilliseconds);
                _pipeline.MarkStored(batch.Count);
                batch.Clear();
            }
        }
#pragma warning disable CA1031 // Whatever the aborted store call threw, the loop ends by counting what is left.
        catch (Exception) when (token.IsCancellationRequested)
#pragma warning restore CA1031
        {
            // Forced out by the shutdown timeout: count what is left (part of the current batch may be stored; count it all).
            long left = batch.Count;
            while (reader.TryRead(out _))
            {
                left++;
            }

            if (left > 0)
            {
                AuditPipelineLog.ShutdownLeftEvents(_logger, left);
                _pipeline.Abandon(left);
            }
        }
    }

    private async Task StoreWithRetryAsync(string stream, List<AuditEvent> events, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _pipeline.StoreAsync(stream, events, transaction: null, cancellationToken).ConfigureAwait(false);
                if (attempt > 1)
                {
                    AuditPipelineLog.StoreRecovered(_logger, events.Count, stream, attempt);
                }

                return;
            }
#pragma warning disable CA1031 // Any store failure is retried: audit events are never dropped.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                var delay = Backoff(attempt);
                AuditPipelineLog.StoreFailed(_logger, events.Count, stream, attempt, delay, ex);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
