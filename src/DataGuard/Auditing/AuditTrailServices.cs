// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Auditing;

/// <summary>Registers the chain, the trail, the subject hasher, the logging checkpoint sink and the checkpoint service (called by <c>AddAudit</c>).</summary>
internal static class AuditTrailServices
{
    /// <summary>Adds the services with <c>TryAdd*</c> (calling it again has no effect).</summary>
    public static IServiceCollection Add(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new AuditChain(sp.GetRequiredService<IOptions<AuditOptions>>().Value.ChainMode, () => sp.GetService<KeyRing>()));
        services.TryAddSingleton(sp => new AuditSubjectHasher(
            sp.GetService<FieldEncryptor>() ?? throw new InvalidOperationException(
                "The DataGuard audit trail hashes data subjects with the key ring's index key, but field encryption is not configured. Call "
                + "AddFieldEncryption() with a key store (for example UseEntityFrameworkCore<TContext>()) in AddDataGuard(...)."),
            sp.GetService<IPhoneNumberNormalizer>()));
        services.TryAddSingleton<IAuditSubjectHasher>(sp => sp.GetRequiredService<AuditSubjectHasher>());
        services.TryAddSingleton(sp => new AuditTrail(
            sp.GetService<IAuditStore>() ?? throw new InvalidOperationException(
                "The DataGuard audit trail has no store. Call UseEntityFrameworkCore<TContext>() (DataGuard.EFCore) in AddDataGuard(...), "
                + "with modelBuilder.AddDataGuard() in the context's OnModelCreating."),
            sp.GetRequiredService<AuditChain>(),
            sp.GetRequiredService<IAuditSubjectHasher>(),
            FlushOf(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<IAuditCheckpointSink>(),
            sp.GetService<ILogger<AuditTrail>>()));
        services.TryAddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditTrail>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditCheckpointSink, LoggingAuditCheckpointSink>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditCheckpointService>());
        return services;
    }

    /// <summary>
    /// The flush of the audit pipeline (resolved on first use, as <see cref="AuditPipeline"/> or as the registered <see cref="IAuditSink"/>);
    /// nothing to wait for when no pipeline buffers events.
    /// </summary>
    private static Func<CancellationToken, Task> FlushOf(IServiceProvider services)
    {
        AuditPipeline? pipeline = null;
        var resolved = false;
        return cancellationToken =>
        {
            if (!Volatile.Read(ref resolved))
            {
                pipeline = services.GetService<AuditPipeline>() ?? services.GetService<IAuditSink>() as AuditPipeline;
                Volatile.Write(ref resolved, true);
            }

            return pipeline?.FlushAsync(cancellationToken) ?? Task.CompletedTask;
        };
    }
}
