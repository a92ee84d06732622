// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Tests.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>Registration of the trail services and of the file checkpoint sink.</summary>
public sealed class AuditTrailServicesTests
{
    [Fact]
    public void Add_Twice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        AuditTrailServices.Add(services);
        AuditTrailServices.Add(services);

        Assert.Single(services, d => d.ServiceType == typeof(AuditChain));
        Assert.Single(services, d => d.ServiceType == typeof(IAuditTrail));
        Assert.Single(services, d => d.ServiceType == typeof(IAuditSubjectHasher));
        Assert.Single(services, d => d.ServiceType == typeof(IAuditCheckpointSink));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(AuditCheckpointService));
    }

    [Fact]
    public async Task Resolve_WithFieldEncryptionAndStore_SingletonsWired()
    {
        var store = new InMemoryAuditStore();
        await using var harness = await EncryptionHarness.CreateAsync(services: s =>
        {
            s.AddSingleton<IAuditStore>(store);
            s.Configure<AuditOptions>(o => o.ChainMode = AuditChainMode.Keyed);
            AuditTrailServices.Add(s);
        });

        var trail = harness.Services.GetRequiredService<IAuditTrail>();
        var hasher = harness.Services.GetRequiredService<IAuditSubjectHasher>();
        var chain = harness.Services.GetRequiredService<AuditChain>();

        Assert.Same(trail, harness.Services.GetRequiredService<IAuditTrail>());
        Assert.Same(hasher, harness.Services.GetRequiredService<AuditSubjectHasher>());
        Assert.Equal(AuditChainMode.Keyed, chain.Mode);
        Assert.IsType<LoggingAuditCheckpointSink>(Assert.Single(harness.Services.GetServices<IAuditCheckpointSink>()));
        await store.AppendAsync("system", head => chain.Seal("system", head, AuditTestData.Events(3)), null, default);
        Assert.True((await trail.VerifyAsync("system")).IsValid);
        var checkpoint = await trail.CreateCheckpointAsync("system");
        Assert.Equal(3, checkpoint.Sequence);
    }

    [Fact]
    public async Task Resolve_WithoutFieldEncryption_FailsNamingTheMissingCall()
    {
        var services = new ServiceCollection();
        services.AddDataGuard();
        services.AddSingleton<IAuditStore>(new InMemoryAuditStore());
        AuditTrailServices.Add(services);
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IAuditSubjectHasher>());

        Assert.Contains("AddFieldEncryption()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_WithoutStore_FailsNamingTheMissingCall()
    {
        await using var harness = await EncryptionHarness.CreateAsync(services: s => AuditTrailServices.Add(s));

        var ex = Assert.Throws<InvalidOperationException>(() => harness.Services.GetRequiredService<IAuditTrail>());

        Assert.Contains("UseEntityFrameworkCore", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportAuditCheckpointsToFile_SamePathTwiceOnce_OtherPathAdded()
    {
        var services = new ServiceCollection();
        var path = Path.Combine(Path.GetTempPath(), "dg-checkpoints", "a.jsonl");

        services.AddDataGuard(dg => dg
            .ExportAuditCheckpointsToFile(path)
            .ExportAuditCheckpointsToFile(Path.Combine(Path.GetTempPath(), "dg-checkpoints", ".", "a.jsonl"))
            .ExportAuditCheckpointsToFile(Path.Combine(Path.GetTempPath(), "dg-checkpoints", "b.jsonl")));

        var sinks = services.Where(d => d.ServiceType == typeof(IAuditCheckpointSink)).Select(d => (FileAuditCheckpointSink)d.ImplementationInstance!).ToList();
        Assert.Equal([Path.GetFullPath(path), Path.Combine(Path.GetTempPath(), "dg-checkpoints", "b.jsonl")], sinks.Select(s => s.Path));
    }

    [Fact]
    public void ExportAuditCheckpointsToFile_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => AuditCheckpointDataGuardBuilderExtensions.ExportAuditCheckpointsToFile(null!, "a"));
        var services = new ServiceCollection();
        services.AddDataGuard(dg =>
        {
            Assert.Throws<ArgumentNullException>(() => dg.ExportAuditCheckpointsToFile(null!));
            Assert.Throws<ArgumentException>(() => dg.ExportAuditCheckpointsToFile("  "));
        });
    }
}
