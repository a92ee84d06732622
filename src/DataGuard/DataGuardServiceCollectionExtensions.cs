// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard;
using DataGuard.Auditing;
using DataGuard.Security;
using DataGuard.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds DataGuard to a service collection.
/// </summary>
public static class DataGuardServiceCollectionExtensions
{
    /// <summary>
    /// Adds DataGuard's core services (time, metrics, the default principal accessor, permission evaluator and logging audit sink) without any feature.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The value of <paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddDataGuard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddLogging();
        services.AddOptions();
        services.TryAddSingleton<DataGuardMetrics>();
        services.TryAddSingleton<DataGuardMarkerService>();
        services.TryAddSingleton<IDataGuardPrincipalAccessor, ThreadPrincipalAccessor>();
        services.TryAddSingleton<IDataGuardPermissionEvaluator, ClaimsPermissionEvaluator>();
        services.TryAddSingleton<IAuditSink, LoggingAuditSink>();
        services.TryAddSingleton<PersonalDataAccess>();
        return services;
    }

    /// <summary>
    /// Adds DataGuard and configures its features.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Turns features on, for example <c>dg => dg.AddFieldEncryption().UseEntityFrameworkCore&lt;AppDb&gt;()</c>.</param>
    /// <returns>The value of <paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <remarks>Calling this method more than once has no extra effect beyond what each <paramref name="configure"/> adds.</remarks>
    public static IServiceCollection AddDataGuard(this IServiceCollection services, Action<IDataGuardBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddDataGuard();
        configure(new DataGuardBuilder(services));
        return services;
    }
}
