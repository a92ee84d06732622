// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DataGuard.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.Tests;

public sealed class DataGuardServiceCollectionExtensionsTests
{
    [Fact]
    public void AddDataGuard_Twice_EachServiceRegisteredOnce()
    {
        var services = new ServiceCollection();
        services.AddDataGuard();
        services.AddDataGuard(_ => { });

        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
        Assert.Single(services, d => d.ServiceType == typeof(DataGuardMetrics));
        Assert.Single(services, d => d.ServiceType == typeof(DataGuardMarkerService));
    }

    [Fact]
    public void AddDataGuard_Twice_SameDescriptorsAsOnce()
    {
        var once = new ServiceCollection();
        once.AddDataGuard();
        var twice = new ServiceCollection();
        twice.AddDataGuard();
        twice.AddDataGuard();

        // Validate-on-start (registered by the metrics services) adds one idempotent configuration callback per call; every service is registered once.
        static string[] Services(IServiceCollection services) => services
            .Where(d => !d.ServiceType.Name.StartsWith("IConfigureOptions", StringComparison.Ordinal))
            .Select(d => $"{d.ServiceType} {d.ImplementationType}")
            .ToArray();

        Assert.Equal(Services(once), Services(twice));
    }

    [Fact]
    public void AddDataGuard_TimeProviderRegisteredBefore_Kept()
    {
        var services = new ServiceCollection();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        services.AddSingleton<TimeProvider>(time);
        services.AddDataGuard();

        using var provider = services.BuildServiceProvider();

        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddDataGuard_Configure_ReceivesBuilderOverSameServices()
    {
        var services = new ServiceCollection();
        IDataGuardBuilder? builder = null;

        var returned = services.AddDataGuard(dg => builder = dg);

        Assert.Same(services, returned);
        Assert.NotNull(builder);
        Assert.Same(services, builder.Services);
    }

    [Fact]
    public void AddDataGuard_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>("services", () => DataGuardServiceCollectionExtensions.AddDataGuard(null!));
        Assert.Throws<ArgumentNullException>("services", () => DataGuardServiceCollectionExtensions.AddDataGuard(null!, _ => { }));
        Assert.Throws<ArgumentNullException>("configure", () => new ServiceCollection().AddDataGuard(null!));
    }
}
