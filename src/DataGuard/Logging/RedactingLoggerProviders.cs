// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Logging;

/// <summary>
/// The <c>IEnumerable&lt;ILoggerProvider&gt;</c> that the logger factory (Microsoft's <c>LoggerFactory</c> or the
/// <c>ExtendedLoggerFactory</c> of <c>EnableRedaction()</c>) receives: every <see cref="ILoggerProvider"/> registered in the service
/// collection, before or after <c>RedactPersonalDataInLogs()</c>, created here and wrapped by the safety net.
/// </summary>
/// <remarks>
/// Registered as an explicit <c>IEnumerable&lt;ILoggerProvider&gt;</c> service, which Microsoft's container resolves in place of
/// the collection it would build itself. The providers are created when the container first needs them, from the descriptors in the
/// service collection at that moment, so registration order does not matter. Providers created here are disposed here.
/// </remarks>
internal sealed class RedactingLoggerProviders : IEnumerable<ILoggerProvider>, IDisposable
{
    private readonly List<ILoggerProvider> _wrapped = [];
    private readonly List<IDisposable> _owned = [];

    public RedactingLoggerProviders(IServiceCollection services, IServiceProvider serviceProvider)
    {
        var redactor = new LogEntryRedactor(serviceProvider.GetRequiredService<ITextRedactor>());
        var filterOptions = serviceProvider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>();

        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType != typeof(ILoggerProvider) || descriptor.IsKeyedService)
            {
                continue;
            }

            var provider = Create(descriptor, serviceProvider);
            _wrapped.Add(provider is ISupportExternalScope
                ? new RedactingExternalScopeLoggerProvider(provider, redactor, filterOptions)
                : new RedactingLoggerProvider(provider, redactor, filterOptions));
        }
    }

    public IEnumerator<ILoggerProvider> GetEnumerator() => _wrapped.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }

    private ILoggerProvider Create(ServiceDescriptor descriptor, IServiceProvider serviceProvider)
    {
        if (descriptor.ImplementationInstance is ILoggerProvider instance)
        {
            return instance;
        }

        var created = descriptor.ImplementationFactory is { } factory
            ? (ILoggerProvider)factory(serviceProvider)
            : (ILoggerProvider)ActivatorUtilities.CreateInstance(serviceProvider, descriptor.ImplementationType!);
        if (created is IDisposable disposable)
        {
            _owned.Add(disposable);
        }

        return created;
    }
}
