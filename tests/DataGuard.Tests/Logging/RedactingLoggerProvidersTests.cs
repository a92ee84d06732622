// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DataGuard.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DataGuard.Tests.Logging;

public sealed class RedactingLoggerProvidersTests
{
    [Fact]
    public void ProvidersByTypeAndFactory_CreatedWrappedAndDisposedWithContainer_InstancesNotDisposed()
    {
        var instance = new CountingProvider();
        CountingProvider? fromFactory = null;
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerProvider>(instance);
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        services.AddSingleton<ILoggerProvider, CountingProvider>();
        services.AddSingleton<ILoggerProvider>(_ => fromFactory = new CountingProvider());

        CountingProvider byType;
        using (var provider = services.BuildServiceProvider())
        {
            var providers = provider.GetRequiredService<IEnumerable<ILoggerProvider>>().ToList();
            Assert.Equal(3, providers.Count);
            Assert.All(providers, p => Assert.IsAssignableFrom<RedactingLoggerProvider>(p));
            byType = (CountingProvider)((RedactingLoggerProvider)providers[1]).Inner;
            Assert.Same(instance, ((RedactingLoggerProvider)providers[0]).Inner);
            Assert.Same(fromFactory, ((RedactingLoggerProvider)providers[2]).Inner);
            Assert.IsNotType<RedactingExternalScopeLoggerProvider>(providers[0]);
        }

        Assert.Equal(1, byType.Disposed);
        Assert.Equal(1, fromFactory!.Disposed);
        Assert.Equal(0, instance.Disposed);
    }

    [Fact]
    public void FactoryForwardingToContainerSingleton_DisposedOnceByContainer()
    {
        var services = new ServiceCollection();
        services.AddSingleton<CountingProvider>();
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<CountingProvider>());
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));

        CountingProvider shared;
        using (var provider = services.BuildServiceProvider())
        {
            var wrapped = Assert.IsType<RedactingLoggerProvider>(Assert.Single(provider.GetRequiredService<IEnumerable<ILoggerProvider>>()));
            shared = provider.GetRequiredService<CountingProvider>();
            Assert.Same(shared, wrapped.Inner);
        }

        Assert.Equal(1, shared.Disposed);
    }

    [Fact]
    public void SameInstanceFromTwoFactories_DisposedOnce()
    {
        var shared = new CountingProvider();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerProvider>(_ => shared);
        services.AddSingleton<ILoggerProvider>(_ => shared);
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        using (var provider = services.BuildServiceProvider())
        {
            Assert.Equal(2, provider.GetRequiredService<IEnumerable<ILoggerProvider>>().Count());
        }

        Assert.Equal(1, shared.Disposed);
    }

    [Fact]
    public void ProviderCreationThrows_ProvidersCreatedBeforeDisposed()
    {
        CountingProvider? first = null;
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerProvider>(_ => first = new CountingProvider());
        services.AddSingleton<ILoggerProvider>(_ => throw new InvalidOperationException("No console"));
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        using (var provider = services.BuildServiceProvider())
        {
            var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IEnumerable<ILoggerProvider>>());
            Assert.Equal("No console", error.Message);
            Assert.Equal(1, first!.Disposed);
        }

        Assert.Equal(1, first.Disposed);
    }

    [Fact]
    public void CalledTwice_OneSafetyNet()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey).RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        Assert.Single(services, d => d.ServiceType == typeof(IEnumerable<ILoggerProvider>));
    }

    [Fact]
    public void SafetyNetOff_ProvidersNotWrapped()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o =>
        {
            o.HmacKey = LogHarness.HmacKey;
            o.EnableSafetyNet = false;
        }));
        services.AddSingleton<ILoggerProvider, CountingProvider>();
        using var provider = services.BuildServiceProvider();
        Assert.IsType<CountingProvider>(Assert.Single(provider.GetRequiredService<IEnumerable<ILoggerProvider>>()));
    }

    [Fact]
    public void ProviderWithoutExternalScopes_ScopesRedactedThroughBeginScope()
    {
        var recording = new ScopeRecordingProvider();
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        services.AddLogging(b => b.AddProvider(recording));
        using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Calls");

        using (logger.BeginScope("Transfer from " + LogHarness.Phone))
        using (logger.BeginScope("Queue sales"))
        {
        }

        Assert.Equal(["Transfer from " + LogHarness.MaskedPhone, "Queue sales"], recording.Scopes);
    }

    private sealed class ScopeRecordingProvider : ILoggerProvider, ILogger
    {
        public List<object?> Scopes { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            Scopes.Add(state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class CountingProvider : ILoggerProvider
    {
        public int Disposed { get; private set; }

        public ILogger CreateLogger(string categoryName) => NullLogger.Instance;

        public void Dispose() => Disposed++;
    }
}
