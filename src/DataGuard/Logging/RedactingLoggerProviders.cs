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
/// service collection at that moment, so registration order does not matter.
/// <para>
/// Providers created here are disposed here, once each, last created first, as the container would: those activated from a type and
/// those returned by a factory. Not disposed: instances registered as instances (the container does not dispose those either), and
/// instances a factory returns whose type is also registered as a service of its own (a factory that forwards to a singleton the
/// container owns, <c>sp =&gt; sp.GetRequiredService&lt;MyProvider&gt;()</c>, which the container disposes). If creating a provider
/// throws, the providers created before it are disposed and the exception is passed on.
/// </para>
/// </remarks>
internal sealed class RedactingLoggerProviders : IEnumerable<ILoggerProvider>, IDisposable
{
    private readonly List<ILoggerProvider> _wrapped = [];
    private readonly List<IDisposable> _owned = [];

    public RedactingLoggerProviders(IServiceCollection services, IServiceProvider serviceProvider)
    {
        var redactor = new LogEntryRedactor(serviceProvider.GetRequiredService<ITextRedactor>());
        var filterOptions = serviceProvider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>();

        try
        {
            foreach (var descriptor in services)
            {
                if (descriptor.ServiceType != typeof(ILoggerProvider) || descriptor.IsKeyedService)
                {
                    continue;
                }

                var provider = Create(descriptor, services, serviceProvider);
                _wrapped.Add(provider is ISupportExternalScope
                    ? new RedactingExternalScopeLoggerProvider(provider, redactor, filterOptions)
                    : new RedactingLoggerProvider(provider, redactor, filterOptions));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Gets a value indicating whether a logger factory has enumerated the providers (the start-up check reads it).</summary>
    public bool Enumerated { get; private set; }

    public IEnumerator<ILoggerProvider> GetEnumerator()
    {
        Enumerated = true;
        return _wrapped.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }

    private ILoggerProvider Create(ServiceDescriptor descriptor, IServiceCollection services, IServiceProvider serviceProvider)
    {
        if (descriptor.ImplementationInstance is ILoggerProvider instance)
        {
            return instance;
        }

        ILoggerProvider created;
        if (descriptor.ImplementationFactory is { } factory)
        {
            created = (ILoggerProvider)factory(serviceProvider);
            if (IsOwnedElsewhere(created, services))
            {
                return created;
            }
        }
        else
        {
            created = (ILoggerProvider)ActivatorUtilities.CreateInstance(serviceProvider, descriptor.ImplementationType!);
        }

        if (created is IDisposable disposable && !_owned.Exists(d => ReferenceEquals(d, disposable)))
        {
            _owned.Add(disposable);
        }

        return created;
    }

    // A factory's result that is registered as an instance, or whose type is a service of its own (the container owns it).
    private static bool IsOwnedElsewhere(ILoggerProvider created, IServiceCollection services)
    {
        var type = created.GetType();
        foreach (var descriptor in services)
        {
            if (descriptor.IsKeyedService)
            {
                continue;
            }

            if (ReferenceEquals(descriptor.ImplementationInstance, created)
                || (descriptor.ServiceType == type && descriptor.ServiceType != typeof(ILoggerProvider)))
            {
                return true;
            }
        }

        return false;
    }
}
