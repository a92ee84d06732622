// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Auditing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataGuard;

/// <summary>
/// Turns on the tamper-evident audit trail.
/// </summary>
public static class AuditDataGuardBuilderExtensions
{
    /// <summary>
    /// Adds the audit trail: every <see cref="IAuditSink"/> write is validated (subjects must be hashes from
    /// <see cref="IAuditSubjectHasher"/>), redacted, checked against the anomaly rules, buffered and appended by a hosted service to
    /// hash-chained streams (one per tenant plus <see cref="IAuditTrail.SystemStream"/>), readable and verifiable through
    /// <see cref="IAuditTrail"/>. Replaces the default logging sink; adds field encryption (the key ring keys the chain and the subject
    /// hashes). Start-up fails when the options are invalid or no audit store is configured (<c>UseEntityFrameworkCore&lt;TContext&gt;()</c>).
    /// Calling it again only applies <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="configure">Configures the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// The default <see cref="AuditWriteMode.Buffered"/> mode needs a running host (<c>IHost</c>): its hosted service drains the buffer and
    /// flushes it on graceful shutdown. Without a host, use <see cref="AuditWriteMode.Synchronous"/>.
    /// </remarks>
    public static IDataGuardBuilder AddAudit(this IDataGuardBuilder builder, Action<AuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddFieldEncryption();
        var services = builder.Services;

        services.AddOptionsWithValidateOnStart<AuditOptions, AuditOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsRulesValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditStoreConfiguredValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<AuditAnomalyDetector>();
        services.TryAddSingleton<AuditPipeline>();
        services.RemoveAll<IAuditSink>();
        services.AddSingleton<IAuditSink>(static sp => sp.GetRequiredService<AuditPipeline>());
        AuditTrailServices.Add(services);

        // After the key ring's hosted service (added by AddFieldEncryption): started after it, stopped (and flushed) before it.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditWriterHostedService>());
        return builder;
    }
}
