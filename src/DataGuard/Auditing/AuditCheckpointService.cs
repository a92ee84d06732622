// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Auditing;

/// <summary>
/// Exports a checkpoint of every audit stream to the registered <see cref="IAuditCheckpointSink"/>s every
/// <see cref="AuditOptions.CheckpointInterval"/> (nothing when it is <see langword="null"/>), on a timer of the injected
/// <see cref="TimeProvider"/>. A failure is logged and retried at the next interval. Safe on many instances (each exports its own
/// view of the same heads).
/// </summary>
internal sealed class AuditCheckpointService(
    IServiceProvider services,
    IOptions<AuditOptions> options,
    TimeProvider time,
    ILogger<AuditCheckpointService> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    /// <summary>Takes one checkpoint of every stream (one failing stream does not stop the others).</summary>
    internal async Task CheckpointAllAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not in the constructor: a host without checkpoints never needs the trail, and a misconfigured trail fails
        // start-up through the options validation instead of while the hosted services are built.
        var trail = services.GetRequiredService<IAuditTrail>();
        System.Collections.Generic.IReadOnlyList<string> streams;
        try
        {
            streams = await trail.GetStreamsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AuditTrailLog.CheckpointListFailed(logger, ex);
            return;
        }

        foreach (var stream in streams)
        {
            try
            {
                await trail.CreateCheckpointAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AuditTrailLog.CheckpointFailed(logger, stream, ex);
            }
        }
    }

    /// <summary>Starts the schedule: the first checkpoint is taken one interval after the host starts.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here, not in ExecuteAsync (which runs on the thread pool): the schedule starts when the host starts.
        if (options.Value.CheckpointInterval is { } interval)
        {
            _timer = new PeriodicTimer(interval, time);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is not { } timer)
        {
            return;
        }

        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await CheckpointAllAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
