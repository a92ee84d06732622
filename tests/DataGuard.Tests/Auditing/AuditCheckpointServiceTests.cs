// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>Periodic export of checkpoints of every stream (fake clock).</summary>
public sealed class AuditCheckpointServiceTests
{
    [Fact]
    public async Task Interval_EachTick_CheckpointOfEveryStream()
    {
        var time = new FakeTimeProvider(AuditTestData.Start);
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 3, stream: "system");
        await AuditTestData.AppendAsync(store, chain, 5, stream: "tenant:a");
        var sink = new RecordingCheckpointSink();
        using var services = Services(AuditTestData.Trail(store, chain, time: time, sinks: [sink]));
        using var service = new AuditCheckpointService(services, Options.Create(new AuditOptions { CheckpointInterval = TimeSpan.FromMinutes(10) }), time, new FakeLogger<AuditCheckpointService>());

        await service.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(sink.Checkpoints);
        time.Advance(TimeSpan.FromMinutes(1));
        await sink.WaitForAsync(2);
        await AuditTestData.AppendAsync(store, chain, 1, stream: "system");
        time.Advance(TimeSpan.FromMinutes(10));
        await sink.WaitForAsync(4);
        await service.StopAsync(CancellationToken.None);

        var checkpoints = sink.Checkpoints;
        Assert.Equal(["system", "tenant:a", "system", "tenant:a"], checkpoints.Select(c => c.Stream));
        Assert.Equal([3L, 5L, 4L, 5L], checkpoints.Select(c => c.Sequence));
        Assert.Equal(AuditTestData.Start.AddMinutes(10), checkpoints[0].CreatedAt);
        Assert.Equal(AuditTestData.Start.AddMinutes(20), checkpoints[2].CreatedAt);
    }

    [Fact]
    public async Task NoInterval_NothingExportedAndTrailNeverResolved()
    {
        var time = new FakeTimeProvider(AuditTestData.Start);
        using var services = new ServiceCollection().BuildServiceProvider();
        using var service = new AuditCheckpointService(services, Options.Create(new AuditOptions()), time, new FakeLogger<AuditCheckpointService>());

        await service.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromDays(1));

        await service.ExecuteTask!;
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task SinkFails_LoggedAndOtherStreamsStillExported()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 1, stream: "system");
        await AuditTestData.AppendAsync(store, chain, 1, stream: "tenant:a");
        var failing = new FailingOnceSink();
        var sink = new RecordingCheckpointSink();
        var logger = new FakeLogger<AuditCheckpointService>();
        using var services = Services(AuditTestData.Trail(store, chain, sinks: [failing, sink]));
        using var service = new AuditCheckpointService(services, Options.Create(new AuditOptions()), TimeProvider.System, logger);

        await service.CheckpointAllAsync(CancellationToken.None);

        Assert.Equal(["tenant:a"], sink.Checkpoints.Select(c => c.Stream));
        var entry = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(1601, entry.Id.Id);
        Assert.Contains("system", entry.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(AuditTrail trail)
        => new ServiceCollection().AddSingleton<IAuditTrail>(trail).BuildServiceProvider();

    private sealed class FailingOnceSink : IAuditCheckpointSink
    {
        private int _calls;

        public ValueTask ExportAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
            => Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("sink down") : ValueTask.CompletedTask;
    }
}
