// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary><c>AddAudit</c>: what it registers, that it is idempotent, and that bad options or a missing store fail start-up clearly.</summary>
public sealed class AuditRegistrationTests
{
    [Fact]
    public void AddAudit_ReplacesTheLoggingSinkWithThePipeline()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IAuditStore>(new InMemoryAuditStore());
        services.AddDataGuard(dg => dg.PersistKeysTo(new InMemoryKeyStore()).AddAudit());
        using var provider = services.BuildServiceProvider();

        var pipeline = provider.GetRequiredService<AuditPipeline>();
        Assert.Same(pipeline, provider.GetRequiredService<IAuditSink>());
        Assert.Single(services, d => d.ServiceType == typeof(IAuditSink));
        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(AuditWriterHostedService));
        Assert.NotNull(provider.GetService<IAuditTrail>());
        Assert.NotNull(provider.GetService<IAuditSubjectHasher>());
    }

    [Fact]
    public void AddAudit_Twice_RegistersOnce_AndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IAuditStore>(new InMemoryAuditStore());
        services.AddDataGuard(dg => dg.PersistKeysTo(new InMemoryKeyStore()).AddAudit(o => o.BatchSize = 7).AddAudit(o => o.BufferCapacity = 9).AddAudit());
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IAuditSink));
        Assert.Single(services, d => d.ServiceType == typeof(AuditPipeline));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(AuditWriterHostedService));
        Assert.Equal(3, services.Count(d => d.ServiceType == typeof(IValidateOptions<AuditOptions>)));
        var options = provider.GetRequiredService<AuditPipeline>().Options;
        Assert.Equal((7, 9), (options.BatchSize, options.BufferCapacity));
    }

    [Fact]
    public void AddAudit_NullBuilder_Throws()
        => Assert.Throws<ArgumentNullException>("builder", () => AuditDataGuardBuilderExtensions.AddAudit(null!));

    [Fact]
    public async Task Start_WithoutAuditStore_FailsNamingTheMissingCall()
    {
        using var host = AuditPipelineTestHost.Build(store: null);

        // The host builds its hosted services before running start-up validation, so the trail's own check may fire first.
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(ex is OptionsValidationException || ex.GetType() == typeof(InvalidOperationException), ex.GetType().Name);
        Assert.Contains("store", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseEntityFrameworkCore<TContext>()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreConfiguredValidator_FailsOnlyWithoutStore()
    {
        var without = new ServiceCollection();
        using var withoutProvider = without.BuildServiceProvider();
        var with = new ServiceCollection().AddSingleton<IAuditStore>(new InMemoryAuditStore());
        using var withProvider = with.BuildServiceProvider();

        var failed = new AuditStoreConfiguredValidator(withoutProvider.GetRequiredService<IServiceProviderIsService>()).Validate(null, new AuditOptions());
        var succeeded = new AuditStoreConfiguredValidator(withProvider.GetRequiredService<IServiceProviderIsService>()).Validate(null, new AuditOptions());

        Assert.True(failed.Failed);
        Assert.StartsWith("AddAudit needs an audit store: call UseEntityFrameworkCore<TContext>()", failed.FailureMessage, StringComparison.Ordinal);
        Assert.True(succeeded.Succeeded);
    }

    [Fact]
    public async Task PipelineWithoutStore_ThrowsTheClearMessage()
    {
        // Outside a host (no start-up validation), the options validation on first use names the missing call.
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.PersistKeysTo(new InMemoryKeyStore()).AddAudit(o => o.WriteMode = AuditWriteMode.Synchronous));
        using var provider = services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(
            async () => await provider.GetRequiredService<AuditPipeline>().WriteAsync(new AuditEvent { Action = AuditActions.Update }));

        Assert.Equal(AuditStoreConfiguredValidator.Message, Assert.Single(ex.Failures));
    }

    [Theory]
    [InlineData("BufferCapacity")]
    [InlineData("BatchSize")]
    [InlineData("CheckpointInterval")]
    [InlineData("WriteMode")]
    [InlineData("ChainMode")]
    [InlineData("RemoteAddress")]
    [InlineData("LockTimeout")]
    [InlineData("LockTimeout-long")]
    public async Task Start_WithBadSetting_FailsNamingIt(string setting)
    {
        using var host = AuditPipelineTestHost.Build(new InMemoryAuditStore(), o =>
        {
            switch (setting)
            {
                case "BufferCapacity": o.BufferCapacity = 0; break;
                case "BatchSize": o.BatchSize = 0; break;
                case "CheckpointInterval": o.CheckpointInterval = TimeSpan.Zero; break;
                case "WriteMode": o.WriteMode = (AuditWriteMode)9; break;
                case "ChainMode": o.ChainMode = (AuditChainMode)9; break;
                case "LockTimeout": o.LockTimeout = TimeSpan.FromMilliseconds(999); break;
                case "LockTimeout-long": o.LockTimeout = TimeSpan.FromMinutes(10).Add(TimeSpan.FromTicks(1)); break;
                default: o.RemoteAddress = (AuditRemoteAddressMode)9; break;
            }
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(setting.Split('-')[0], ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(600)]
    public async Task Start_WithLockTimeoutAtItsBounds_Starts(int seconds)
    {
        using var host = AuditPipelineTestHost.Build(new InMemoryAuditStore(), o => o.LockTimeout = TimeSpan.FromSeconds(seconds));

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_WithBadAnomalyRules_FailsNamingEachProblem()
    {
        using var host = AuditPipelineTestHost.Build(new InMemoryAuditStore(), o =>
        {
            o.AnomalyRules.Add(new AuditAnomalyRule { Name = "bulk", MaxDistinctSubjects = 10, Window = TimeSpan.FromHours(1) });
            o.AnomalyRules.Add(new AuditAnomalyRule { Name = "bulk", MaxDistinctSubjects = 0, Window = TimeSpan.Zero, Actions = new System.Collections.Generic.HashSet<string>() });
            o.AnomalyRules.Add(new AuditAnomalyRule { Name = " ", MaxDistinctSubjects = 5, Window = TimeSpan.FromMinutes(-1) });
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("AnomalyRules[1].Name 'bulk' is used by another rule", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AnomalyRules[1].MaxDistinctSubjects", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AnomalyRules[1].Window", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AnomalyRules[1].Actions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AnomalyRules[2].Name must not be empty", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AnomalyRules[2].Window", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AnomalyRules[0]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithValidOptions_Succeeds()
    {
        using var host = AuditPipelineTestHost.Build(new InMemoryAuditStore(), o =>
        {
            o.CheckpointInterval = TimeSpan.FromHours(1);
            o.AnomalyRules.Add(new AuditAnomalyRule { Name = "bulk", MaxDistinctSubjects = 1, Window = TimeSpan.FromSeconds(1) });
        });

        await host.StartAsync();
        await host.StopAsync();
    }
}
