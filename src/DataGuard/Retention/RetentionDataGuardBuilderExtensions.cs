// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataGuard;

/// <summary>
/// Turns on retention: per-type policies, tenant choices within bounds, legal holds, scheduled set-based purges under a database lease.
/// </summary>
public static class RetentionDataGuardBuilderExtensions
{
    /// <summary>
    /// Adds retention. Policies come from the <c>DataGuard:Retention</c> configuration section (when an <see cref="IConfiguration"/> is
    /// registered) and from <paramref name="configure"/>, which wins for a category declared in both. Registers the hosted scheduler
    /// (<see cref="RetentionOptions.RunOnSchedule"/>), the default file-system archive and the metrics. Start-up fails when the options
    /// are invalid or no retention store is configured (<c>UseEntityFrameworkCore&lt;TContext&gt;()</c>). Calling it again adds
    /// <paramref name="configure"/>'s policies.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="configure">Declares policies and options, or <see langword="null"/> to use configuration only.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="configure"/> declares a category twice or a selector is not a property access.</exception>
    public static IDataGuardBuilder AddRetention(this IDataGuardBuilder builder, Action<RetentionBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddFieldEncryption();
        var services = builder.Services;
        if (!services.IsRegistered<RetentionMarker>())
        {
            services.AddSingleton<RetentionMarker>();
            services.AddOptionsWithValidateOnStart<RetentionOptions, RetentionOptionsValidator>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionPoliciesValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionStoreConfiguredValidator>());

            // Configuration first, so that policies declared in code replace those of the same category.
            services.AddSingleton<IConfigureOptions<RetentionOptions>>(static sp => new ConfigureOptions<RetentionOptions>(options =>
            {
                if (sp.GetService<IConfiguration>()?.GetSection(RetentionOptions.SectionName) is { } section && section.Exists())
                {
                    RetentionConfiguration.Bind(section, options);
                }
            }));
            services.TryAddSingleton<IRetentionArchive, FileSystemRetentionArchive>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionSchedulerHostedService>());
        }

        if (configure is not null)
        {
            var retention = new RetentionBuilder();
            configure(retention);
            services.Configure<RetentionOptions>(retention.ApplyTo);
        }

        return builder;
    }

    private static bool IsRegistered<T>(this IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(T))
            {
                return true;
            }
        }

        return false;
    }
}
