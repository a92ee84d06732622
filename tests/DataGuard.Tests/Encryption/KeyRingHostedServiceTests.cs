// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;
using DataGuard.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class KeyRingHostedServiceTests
{
    private const int NoApplicationNameEventId = 1004;

    [Fact]
    public async Task StartAsync_DataProtectionWithoutApplicationName_LogsWarning1004()
    {
        await using var harness = await EncryptionHarness.CreateAsync(services: s => s.AddFakeLogging(), initialize: false);
        var service = HostedService(harness);

        await service.StartAsync(default);
        await service.StopAsync(default);

        var warning = Assert.Single(harness.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == NoApplicationNameEventId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("SetApplicationName", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_DataProtectionWithApplicationName_NoWarning()
    {
        await using var harness = await EncryptionHarness.CreateAsync(
            dataProtection: s => s.AddDataProtection().SetApplicationName("CallCenter").UseEphemeralDataProtectionProvider(),
            services: s => s.AddFakeLogging(),
            initialize: false);
        var service = HostedService(harness);

        await service.StartAsync(default);
        await service.StopAsync(default);

        var records = harness.Services.GetFakeLogCollector().GetSnapshot();
        Assert.NotEmpty(records);
        Assert.DoesNotContain(records, r => r.Id.Id == NoApplicationNameEventId);
    }

    [Fact]
    public async Task StartAsync_OtherKeyEncryptionKey_NoWarning()
    {
        using var kek = new RecordingKeyEncryptionKey();
        await using var harness = await EncryptionHarness.CreateAsync(keyEncryptionKey: kek, services: s => s.AddFakeLogging(), initialize: false);
        var service = HostedService(harness);

        await service.StartAsync(default);
        await service.StopAsync(default);

        Assert.DoesNotContain(harness.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == NoApplicationNameEventId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StartAsync_InGenericHost_WarnsOnlyWithoutApplicationName(bool setApplicationName)
    {
        // In a host, Data Protection's default discriminator is the content root path, which is not an application name.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = Path.GetTempPath(),
        });
        var dataProtection = builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        if (setApplicationName)
        {
            dataProtection.SetApplicationName("CallCenter");
        }

        builder.Services.AddFakeLogging();
        builder.Services.AddDataGuard(dg => dg.AddFieldEncryption().PersistKeysTo(new InMemoryKeyStore()));
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        var warnings = host.Services.GetFakeLogCollector().GetSnapshot().Count(r => r.Id.Id == NoApplicationNameEventId);
        Assert.Equal(setApplicationName ? 0 : 1, warnings);
    }

    [Fact]
    public async Task StartAsync_LoadsRing()
    {
        await using var harness = await EncryptionHarness.CreateAsync(initialize: false);
        var service = HostedService(harness);

        await service.StartAsync(default);
        try
        {
            Assert.True(harness.Ring.IsLoaded);
            Assert.Equal(2, harness.Store.Records.Count);
        }
        finally
        {
            await service.StopAsync(default);
        }
    }

    [Fact]
    public async Task StartAsync_KeyEncryptionKeyUnavailable_FailsStartUp()
    {
        await using var first = await EncryptionHarness.CreateAsync();
        await using var second = await EncryptionHarness.CreateAsync(store: first.Store, initialize: false);

        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => HostedService(second).StartAsync(default));

        Assert.Equal(CryptographicFailureReason.KeyUnavailable, ex.Reason);
    }

    [Fact]
    public async Task StartAsync_ActiveKeyExpired_RotatesAtStart()
    {
        var time = new FakeTimeProvider();
        using var kek = new RecordingKeyEncryptionKey();
        var store = new InMemoryKeyStore();
        await using (await EncryptionHarness.CreateAsync(store: store, time: time, keyEncryptionKey: kek))
        {
        }

        var first = store.Records.Single(r => r.Purpose == KeyPurpose.DataEncryption).Id;
        time.Advance(TimeSpan.FromDays(90));
        await using var restarted = await EncryptionHarness.CreateAsync(store: store, time: time, keyEncryptionKey: kek, initialize: false);
        var service = HostedService(restarted);

        await service.StartAsync(default);
        await service.StopAsync(default);

        Assert.NotEqual(first, restarted.Ring.Current.ActiveDataKey.Id);
        Assert.Equal(2, store.Records.Count(r => r.Purpose == KeyPurpose.DataEncryption));
    }

    [Fact]
    public async Task RefreshLoop_EveryInterval_ReloadsRingAndRotatesExpiredKey()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(
            o =>
            {
                o.KeyRefreshInterval = TimeSpan.FromMinutes(5);
                o.DataKeyLifetime = TimeSpan.FromDays(1);
            },
            time: time,
            initialize: false);
        var service = HostedService(harness);
        await service.StartAsync(default);
        try
        {
            var first = harness.Ring.Current.ActiveDataKey.Id;
            var reads = harness.Store.Reads;

            time.Advance(TimeSpan.FromMinutes(5));
            await WaitUntil(() => harness.Store.Reads > reads);
            Assert.Equal(first, harness.Ring.Current.ActiveDataKey.Id);

            time.Advance(TimeSpan.FromDays(1));
            await WaitUntil(() => harness.Ring.Current.ActiveDataKey.Id != first);
            Assert.Equal(2, harness.Store.Records.Count(r => r.Purpose == KeyPurpose.DataEncryption));
        }
        finally
        {
            await service.StopAsync(default);
        }
    }

    [Fact]
    public async Task RefreshLoop_KeyAddedByAnotherInstance_PickedUpAtNextRefresh()
    {
        var time = new FakeTimeProvider();
        var provider = new EphemeralDataProtectionProvider();
        await using var mine = await EncryptionHarness.CreateAsync(time: time, dataProtection: s => s.AddSingleton<IDataProtectionProvider>(provider), initialize: false);
        await using var theirs = await EncryptionHarness.CreateAsync(store: mine.Store, time: time, dataProtection: s => s.AddSingleton<IDataProtectionProvider>(provider), initialize: false);
        var service = HostedService(mine);
        await service.StartAsync(default);
        try
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var rotated = await theirs.Manager.RotateDataKeyAsync();
            Assert.NotEqual(rotated, mine.Ring.Current.ActiveDataKey.Id);

            time.Advance(TimeSpan.FromMinutes(5));

            await WaitUntil(() => mine.Ring.Current.ActiveDataKey.Id == rotated);
        }
        finally
        {
            await service.StopAsync(default);
        }
    }

    [Fact]
    public async Task StopAsync_NotStarted_ReturnsAtOnce()
    {
        await using var harness = await EncryptionHarness.CreateAsync(initialize: false);

        await HostedService(harness).StopAsync(new CancellationToken(canceled: true));

        Assert.False(harness.Ring.IsLoaded);
    }

    private static KeyRingHostedService HostedService(EncryptionHarness harness)
        => harness.Services.GetServices<IHostedService>().OfType<KeyRingHostedService>().Single();

    private static async Task WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "The condition was not met in time.");
            await Task.Delay(10);
        }
    }
}
