// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>
/// The audit pipeline behind <c>AddAudit</c>, in a real host with the hosted writer: buffered writes are stored in valid chains, a full
/// buffer makes writers wait, shutdown flushes, store failures are retried without loss or duplicates, and bad events are refused.
/// </summary>
public sealed class AuditPipelineTests
{
    private const string Phone = "+91 98765 43210";

    [Fact]
    public async Task Buffered_WriteThenFlush_StoresEveryEventInValidChains()
    {
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store);
        await host.StartAsync();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var written = new MetricCollector<long>(meters, "DataGuard", "dataguard.audit.records_written");
        using var queue = new MetricCollector<long>(meters, "DataGuard", "dataguard.audit.queue_length");
        using var flushes = new MetricCollector<double>(meters, "DataGuard", "dataguard.audit.flush_duration");
        var sink = host.Services.GetRequiredService<IAuditSink>();
        var hasher = host.Services.GetRequiredService<IAuditSubjectHasher>();

        for (var i = 0; i < 20; i++)
        {
            await sink.WriteAsync(new AuditEvent { Action = AuditActions.Read, TenantId = i % 2 == 0 ? null : "t1", Subjects = [hasher.Hash("+9198765432" + (10 + i))] });
        }

        await host.Services.GetRequiredService<AuditPipeline>().FlushAsync();

        Assert.Equal(20, store.Count);
        var trail = host.Services.GetRequiredService<IAuditTrail>();
        Assert.True((await trail.VerifyAsync(IAuditTrail.SystemStream)).IsValid);
        Assert.True((await trail.VerifyAsync(IAuditTrail.StreamOf("t1"))).IsValid);
        Assert.Equal(20, written.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(20, queue.GetMeasurementSnapshot().Where(m => m.Value > 0).Sum(m => m.Value));
        Assert.Equal(0, queue.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.NotEmpty(flushes.GetMeasurementSnapshot());
        Assert.Equal(0, host.Services.GetRequiredService<AuditPipeline>().QueueLength);
        await host.StopAsync();
    }

    [Fact]
    public async Task Buffered_FullBuffer_WriterWaitsUntilStoreDrains_NothingDropped()
    {
        // Guarantee: back-pressure, not loss.
        var store = new InMemoryAuditStore();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeAppend = async (_, _) =>
        {
            entered.TrySetResult();
            await release.Task;
        };
        using var host = AuditPipelineTestHost.Build(store, o => (o.BufferCapacity, o.BatchSize) = (1, 1));
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        await sink.WriteAsync(Event());
        await entered.Task; // The writer holds the first event in the blocked store.
        await sink.WriteAsync(Event()); // Fills the buffer (capacity 1).
        var third = sink.WriteAsync(Event()).AsTask();
        var fourth = sink.WriteAsync(Event()).AsTask();

        Assert.False(third.IsCompleted);
        Assert.False(fourth.IsCompleted);
        Assert.Equal(0, store.Count);

        release.SetResult();
        await Task.WhenAll(third, fourth);
        await host.Services.GetRequiredService<AuditPipeline>().FlushAsync();
        Assert.Equal(4, store.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task ConcurrentWriters_SmallBuffer_EveryEventStoredOnceInValidChains()
    {
        // Guarantee: back-pressure, not loss, under contention; FlushAsync waits for everything accepted before it.
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store, o => (o.BufferCapacity, o.BatchSize) = (16, 7));
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await sink.WriteAsync(Event(tenant: w % 2 == 0 ? null : "t" + (i % 3)));
            }
        })));
        await host.Services.GetRequiredService<AuditPipeline>().FlushAsync();

        Assert.Equal(4_000, store.Count);
        var trail = host.Services.GetRequiredService<IAuditTrail>();
        foreach (var stream in await trail.GetStreamsAsync())
        {
            Assert.True((await trail.VerifyAsync(stream)).IsValid, stream);
        }

        await host.StopAsync();
    }

    [Fact]
    public async Task GracefulShutdown_StoresEverythingStillQueued()
    {
        // Guarantee: on graceful shutdown everything is flushed.
        var store = new InMemoryAuditStore();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeAppend = async (_, _) => await release.Task;
        using var host = AuditPipelineTestHost.Build(store);
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        for (var i = 0; i < 5_000; i++)
        {
            await sink.WriteAsync(Event(tenant: i % 3 == 0 ? "t" + (i % 7) : null));
        }

        var stopping = host.StopAsync();
        release.SetResult();
        await stopping;

        Assert.Equal(5_000, store.Count);
        var trail = host.Services.GetRequiredService<IAuditTrail>();
        foreach (var stream in await trail.GetStreamsAsync())
        {
            Assert.True((await trail.VerifyAsync(stream)).IsValid, stream);
        }
    }

    [Fact]
    public async Task StoreFailsTwice_RetriedWithBackoff_EveryEventStoredOnce()
    {
        // Guarantee: a failing store delays events, never drops or duplicates them.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var store = new InMemoryAuditStore();
        var failures = 0;
        store.BeforeAppend = (_, _) => Interlocked.Increment(ref failures) <= 2 ? throw new InvalidOperationException("database down") : Task.CompletedTask;
        using var host = AuditPipelineTestHost.Build(store, services: s => s.AddSingleton<TimeProvider>(time).AddFakeLogging().AddLogging(b => b.SetMinimumLevel(LogLevel.Information)));
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        for (var i = 0; i < 3; i++)
        {
            await sink.WriteAsync(Event());
        }

        var flush = host.Services.GetRequiredService<AuditPipeline>().FlushAsync();
        for (var i = 0; i < 2_000 && !flush.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        await flush;
        Assert.Equal(3, store.Count);
        Assert.True((await host.Services.GetRequiredService<IAuditTrail>().VerifyAsync(IAuditTrail.SystemStream)).IsValid);
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Equal(2, logs.Count(r => r.Id.Id == 1640));
        Assert.Single(logs, r => r.Id.Id == 1644);
        await host.StopAsync();
    }

    [Fact]
    public void Backoff_DoublesAndIsCapped()
    {
        Assert.Equal(AuditWriterHostedService.InitialBackoff, AuditWriterHostedService.Backoff(1));
        Assert.Equal(AuditWriterHostedService.InitialBackoff * 2, AuditWriterHostedService.Backoff(2));
        Assert.Equal(TimeSpan.FromSeconds(30), AuditWriterHostedService.Backoff(50));
    }

    [Fact]
    public async Task ShutdownTimeout_LogsEventsLeftAndFailsFlush()
    {
        var store = new InMemoryAuditStore();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeAppend = async (_, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        };
        using var host = AuditPipelineTestHost.Build(store, services: s => s.AddFakeLogging());
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();
        await sink.WriteAsync(Event());
        await entered.Task;
        await sink.WriteAsync(Event());

        await host.StopAsync(new CancellationToken(canceled: true));

        var left = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 1641);
        Assert.Equal(LogLevel.Error, left.Level);
        Assert.Equal("2", left.GetStructuredStateValue("Count"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Services.GetRequiredService<AuditPipeline>().FlushAsync());
    }

    [Fact]
    public async Task GracefulShutdown_LogsNothingLeft()
    {
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store, services: s => s.AddFakeLogging());
        await host.StartAsync();
        await host.Services.GetRequiredService<IAuditSink>().WriteAsync(Event());

        await host.StopAsync();

        Assert.Equal(1, store.Count);
        Assert.DoesNotContain(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 1641);
    }

    [Fact]
    public async Task AfterHostStopped_WriteIsStoredDirectly()
    {
        // Guarantee: never lost, even after the writer has gone.
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store);
        await host.StartAsync();
        await host.StopAsync();

        await host.Services.GetRequiredService<IAuditSink>().WriteAsync(Event());

        Assert.Equal(1, store.Count);
        await host.Services.GetRequiredService<AuditPipeline>().FlushAsync();
    }

    [Fact]
    public async Task Synchronous_StoredBeforeWriteReturns()
    {
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store, o => o.WriteMode = AuditWriteMode.Synchronous);
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        await sink.WriteAsync(Event());
        Assert.Equal(1, store.Count);
        await sink.WriteAsync(Event(tenant: "t1"));
        Assert.Equal(2, store.Count);
        Assert.Null(store.LastTransaction);
        await host.StopAsync();
    }

    [Fact]
    public async Task WriteInTransaction_StoresDirectlyWithTheCallersTransaction()
    {
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store);
        await host.StartAsync();
        var pipeline = host.Services.GetRequiredService<AuditPipeline>();
        var transaction = new object();

        await pipeline.WriteInTransactionAsync([Event(), Event(tenant: "t1"), Event()], transaction);

        Assert.Equal(3, store.Count);
        Assert.Equal(2, store.AppendCount); // One append per stream.
        Assert.Same(transaction, store.LastTransaction);
        Assert.True((await host.Services.GetRequiredService<IAuditTrail>().VerifyAsync(IAuditTrail.SystemStream)).IsValid);
        await host.StopAsync();
    }

    [Fact]
    public async Task WriteInTransaction_BadEvent_StoresNone()
    {
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store);
        await host.StartAsync();
        var pipeline = host.Services.GetRequiredService<AuditPipeline>();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => pipeline.WriteInTransactionAsync([Event(), Event() with { Subjects = [Phone] }], new object()));

        Assert.Equal("events", ex.ParamName);
        Assert.Equal(0, store.Count);
        await Assert.ThrowsAsync<ArgumentNullException>(() => pipeline.WriteInTransactionAsync([Event()], null!));
        await host.StopAsync();
    }

    [Theory]
    [InlineData(AuditWriteMode.Buffered)]
    [InlineData(AuditWriteMode.Synchronous)]
    public async Task RawPhoneNumberAsSubject_RefusedWithoutEchoingIt(AuditWriteMode mode)
    {
        // Guarantee: no raw personal data in audit records or exception messages.
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store, o => o.WriteMode = mode);
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        foreach (var raw in new[] { Phone, "+919876543210", "9876543210", "alice@example.com" })
        {
            var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await sink.WriteAsync(Event() with { Subjects = [raw] }));
            Assert.DoesNotContain("98765", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("43210", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("alice", ex.Message, StringComparison.Ordinal);
        }

        await host.Services.GetRequiredService<AuditPipeline>().FlushAsync();
        Assert.Equal(0, store.Count);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task EmptyAction_Refused(string action)
    {
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store);
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        await Assert.ThrowsAsync<ArgumentException>(async () => await sink.WriteAsync(new AuditEvent { Action = action }));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await sink.WriteAsync(null!));
        await host.StopAsync();
    }

    [Fact]
    public async Task FreeTextHoldingAPhoneNumber_IsRedactedBeforeStoring()
    {
        // Guarantee: no raw personal data in any stored field.
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store, o => o.WriteMode = AuditWriteMode.Synchronous, dataGuard: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN"));
        await host.StartAsync();

        await host.Services.GetRequiredService<IAuditSink>().WriteAsync(Event() with
        {
            Purpose = "call back " + Phone,
            Reason = "customer 98765-43210 asked",
            Resource = "Customer " + Phone,
            ResourceId = "9876543210",
        });

        var record = Assert.Single(await ReadAllAsync(host, IAuditTrail.SystemStream));
        foreach (var text in new[] { record.Event.Purpose, record.Event.Reason, record.Event.Resource, record.Event.ResourceId })
        {
            Assert.NotNull(text);
            Assert.DoesNotContain("43210", text.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.StartsWith("call back ", record.Event.Purpose, StringComparison.Ordinal);
        await host.StopAsync();
    }

    // Guarantee: a value wider than its stored column can never poison the buffer (every later batch failing in the store):
    // identifiers are refused at the writer, free text is cut to the stored width.
    [Fact]
    public async Task OverlongFields_IdentifiersRefused_FreeTextCutToStoredWidth()
    {
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store, o => o.WriteMode = AuditWriteMode.Synchronous);
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        await Assert.ThrowsAsync<ArgumentException>(async () => await sink.WriteAsync(Event() with { Action = new string('a', 129) }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await sink.WriteAsync(Event() with { TenantId = new string('t', 257) }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await sink.WriteAsync(Event() with { ActorId = new string('u', 257) }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await sink.WriteAsync(Event() with { ClientId = new string('c', 257) }));
        await sink.WriteAsync(Event() with
        {
            Purpose = new string('p', 600),
            Resource = new string('r', 513),
            ResourceId = new string('i', 300),
            Reason = new string('x', 2000),
            TraceId = new string('f', 65),
            RemoteAddress = new string('9', 70),
        });

        var e = Assert.Single(await ReadAllAsync(host, IAuditTrail.SystemStream)).Event;
        Assert.Equal(512, e.Purpose!.Length);
        Assert.EndsWith("…", e.Purpose, StringComparison.Ordinal);
        Assert.Equal(512, e.Resource!.Length);
        Assert.Equal(256, e.ResourceId!.Length);
        Assert.Equal(1024, e.Reason!.Length);
        Assert.Equal(64, e.TraceId!.Length);
        Assert.Equal(64, e.RemoteAddress!.Length);
        await host.StopAsync();
    }

    // Guarantee: one event can never poison the buffer on PostgreSQL, which refuses NUL and unpaired surrogates: every string is made
    // storable (same length) before sealing, and a cut never splits a surrogate pair.
    [Fact]
    public async Task ControlCharactersAndLoneSurrogates_AreReplaced_CutsKeepSurrogatePairs_NullListItemsRefused()
    {
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store, o => o.WriteMode = AuditWriteMode.Synchronous);
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        await Assert.ThrowsAsync<ArgumentException>(async () => await sink.WriteAsync(Event() with { ActorRoles = [null!, "agent"] }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await sink.WriteAsync(Event() with { Properties = ["Name", null!] }));
        await sink.WriteAsync(Event() with
        {
            ActorId = "eve\0",
            TenantId = "acme\u0001",
            ActorRoles = ["\uD800x", "ok"],
            ResourceId = "abc\0def",
            Purpose = new string('p', 510) + "\U0001F600" + new string('q', 10),
            Reason = "line\r\nbreak\u007F",
            Properties = ["Na\uDC00me"],
        });

        var e = Assert.Single(await ReadAllAsync(host, IAuditTrail.StreamOf("acme\uFFFD"))).Event;
        Assert.Equal("eve\uFFFD", e.ActorId);
        Assert.Contains("\uFFFDx", e.ActorRoles);
        Assert.Equal("abc\uFFFDdef", e.ResourceId);
        Assert.Equal("line\uFFFD\uFFFDbreak\uFFFD", e.Reason);
        Assert.Equal(["Na\uFFFDme"], e.Properties);
        Assert.Equal(new string('p', 510) + "…", e.Purpose);
        Assert.Equal("\U0001F600x…", AuditPipeline.Cut("\U0001F600xyz", 4));
        Assert.Equal("a…", AuditPipeline.Cut("a\U0001F600yz", 3));
        Assert.Equal("plain", AuditPipeline.Clean("plain"));
        Assert.Equal("\U0001F600", AuditPipeline.Clean("\U0001F600"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Timestamp_FilledFromTimeProviderWhenUnset()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store, o => o.WriteMode = AuditWriteMode.Synchronous, services: s => s.AddSingleton<TimeProvider>(time));
        await host.StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();
        var given = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await sink.WriteAsync(Event());
        await sink.WriteAsync(Event() with { Timestamp = given });

        var records = await ReadAllAsync(host, IAuditTrail.SystemStream);
        Assert.Equal([time.GetUtcNow(), given], records.Select(r => r.Event.Timestamp));
        await host.StopAsync();
    }

    [Fact]
    public async Task Write_FeedsTheAnomalyDetector()
    {
        var store = new InMemoryAuditStore();
        var handler = new RecordingAnomalyHandler();
        using var host = AuditPipelineTestHost.Build(
            store,
            o => o.AnomalyRules.Add(new AuditAnomalyRule { Name = "bulk-read", MaxDistinctSubjects = 1, Window = TimeSpan.FromHours(1) }),
            services: s => s.AddSingleton<IAuditAnomalyHandler>(handler));
        await host.StartAsync();
        var hasher = host.Services.GetRequiredService<IAuditSubjectHasher>();

        await host.Services.GetRequiredService<IAuditSink>().WriteAsync(
            new AuditEvent { Action = AuditActions.Read, ActorId = "agent-7", Subjects = [hasher.Hash("+919876543210"), hasher.Hash("+919876543211")] });

        var anomaly = Assert.Single(handler.Anomalies);
        Assert.Equal("bulk-read", anomaly.Rule);
        Assert.Equal("agent-7", anomaly.ActorId);
        await host.StopAsync();
    }

    private static AuditEvent Event(string? tenant = null) => new() { Action = AuditActions.Update, TenantId = tenant, ActorId = "agent-1", Resource = "Customer", Count = 1 };

    private static async Task<List<AuditRecord>> ReadAllAsync(IHost host, string stream)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in host.Services.GetRequiredService<IAuditTrail>().ReadAsync(stream))
        {
            records.Add(record);
        }

        return records;
    }
}
