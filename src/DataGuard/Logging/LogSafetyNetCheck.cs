// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.PhoneNumbers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Logging;

/// <summary>
/// Fails host start-up when the safety net of <c>RedactPersonalDataInLogs()</c> is on but not in the logging pipeline (the logger
/// factory was replaced, another <c>IEnumerable&lt;ILoggerProvider&gt;</c> was registered first, or the container is not Microsoft's),
/// and warns when <see cref="PhoneNumberOptions.DefaultRegion"/> is not set.
/// </summary>
internal sealed class LogSafetyNetCheck(
    IServiceProvider services,
    IOptions<LogRedactionOptions> options,
    IOptionsMonitor<PhoneNumberOptions> phoneNumberOptions,
    ILogger<LogSafetyNetCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.EnableSafetyNet)
        {
            return Task.CompletedTask;
        }

        // The logger factory enumerates its providers when it is created: ours must be the collection it read.
        var factory = services.GetRequiredService<ILoggerFactory>();
        var providers = services.GetService<IEnumerable<ILoggerProvider>>();
        if (providers is not RedactingLoggerProviders ours)
        {
            throw NotInPipeline(
                $"the container resolves IEnumerable<ILoggerProvider> to {providers?.GetType().FullName ?? "nothing"}, not to DataGuard's wrapping collection (another registration came first, or the container is not Microsoft's)");
        }

        if (!ours.Enumerated)
        {
            throw NotInPipeline($"the logger factory {factory.GetType().FullName} does not read the registered logger providers (it was replaced, for example by UseSerilog())");
        }

        if (phoneNumberOptions.CurrentValue.DefaultRegion is null)
        {
            LoggingLog.SafetyNetWithoutDefaultRegion(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static InvalidOperationException NotInPipeline(string reason)
        => new(
            $"The DataGuard log safety net is not in the pipeline: {reason}, so log entries would reach providers unredacted. "
            + "Keep Microsoft's logger factory and container, register logger providers as ILoggerProvider (for Serilog, "
            + "services.AddLogging(b => b.AddSerilog(...)) rather than UseSerilog()), and do not register IEnumerable<ILoggerProvider> yourself; "
            + "or set LogRedactionOptions.EnableSafetyNet = false to turn the safety net and this check off.");
}
