// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace DataGuard.Retention;

/// <summary>Runs the retention policies on schedule. STUB: helper B implements.</summary>
internal sealed class RetentionSchedulerHostedService : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
