// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Retention;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using Xunit.Abstractions;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// Two schedulers (two hosts, each its own services and lease owner) on one database: run concurrently they purge each row once and
/// their run records never overlap; an owner that stalls past its lease's expiry is taken over and stops before its next batch.
/// </summary>
/// <typeparam name="TFixture">The database engine.</typeparam>
public abstract class TwoSchedulerRetentionTests<TFixture>(TFixture database, ITestOutputHelper output) : IDisposable
    where TFixture : DatabaseFixture
{
    private const string Category = "reliability-calls";
    private const int BatchSize = 500;

    private readonly string _keys = Directory.CreateTempSubdirectory("dataguard-dpkeys-two-").FullName;

    protected TFixture Database { get; } = database;

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TwoHosts_RunningAtOnce_PurgeEachRowOnce_AndTheirRunRecordsDoNotOverlap(bool withHook)
    {
        var handed = new ConcurrentDictionary<long, int>();
        await using var first = await StartAsync(null, TimeProvider.System, handed: withHook ? handed : null);
        await using var second = await StartAsync(first.ConnectionString, TimeProvider.System, handed: withHook ? handed : null);
        var services = new[] { first, second }.Select(h => h.Services.GetRequiredService<IRetentionService>()).ToArray();
        var now = DateTimeOffset.UtcNow;
        var expiredIds = new HashSet<long>();
        var live = 0;
        var reports = new List<RetentionReport>();
        int[] rounds = [20_000, 3_000, 3_000, 3_000, 3_000];
        foreach (var expired in rounds)
        {
            expiredIds.UnionWith(await InsertAsync(first, now, expired, ReliabilityRowGroup.Expired));
            await InsertAsync(first, now, 500, ReliabilityRowGroup.Live);
            live += 500;

            using var start = new Barrier(2);
            var round = await Task.WhenAll(services.Select(s => Task.Run(() =>
            {
                start.SignalAndWait();
                return s.RunAsync();
            })));

            reports.AddRange(round);
            output.WriteLine($"round of {expired}: " + string.Join(", ", round.Select(r => $"{r.Status} ({Purged(r)} purged, {(r.EndedAt - r.StartedAt).TotalMilliseconds:F0} ms)")));
            Assert.All(round, r => Assert.True(r.Status is RetentionRunStatus.Completed or RetentionRunStatus.Skipped, $"{r.Status}: {string.Join("; ", r.Errors)}"));
            Assert.Contains(round, r => r.Status == RetentionRunStatus.Completed);
            Assert.Equal(expired, round.Sum(Purged));
            Assert.Equal(0, await CountAsync(first, ReliabilityRowGroup.Expired));
            Assert.Equal(live, await CountAsync(first, ReliabilityRowGroup.Live));
        }

        Assert.Equal(rounds.Sum(), reports.Sum(Purged));
        if (withHook)
        {
            Assert.Equal(expiredIds.Order(), handed.Keys.Order());
            Assert.All(handed, p => Assert.Equal(1, p.Value));
        }

        // Run records: every run that was not skipped has one; ordered by start, each starts after the previous one ended and holds a
        // larger fencing token.
        await using var db = first.CreateContext();
        var records = (await db.Set<DataGuardRetentionRunEntity>().AsNoTracking().ToListAsync()).Where(r => r.Status != "skipped").OrderBy(r => r.StartedAtMicros).ToList();
        var ran = reports.Where(r => r.Status != RetentionRunStatus.Skipped).Select(r => r.RunId).Order().ToList();
        Assert.Equal(ran, records.Select(r => r.Id).Order().ToList());
        Assert.All(records, r => Assert.Equal("completed", r.Status));
        for (var i = 1; i < records.Count; i++)
        {
            Assert.True(records[i].StartedAtMicros >= records[i - 1].EndedAtMicros, $"run {i} started before run {i - 1} ended");
            Assert.True(records[i].FencingToken >= records[i - 1].FencingToken, $"run {i} holds an older fencing token than run {i - 1}");
            if (records[i].Owner != records[i - 1].Owner)
            {
                Assert.True(records[i].FencingToken > records[i - 1].FencingToken, $"run {i} took the lease over without a new fencing token");
            }
        }
    }

    [SkippableFact]
    public async Task StalledOwner_PastItsLeaseExpiry_IsTakenOver_AndStopsBeforeItsNextBatch()
    {
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var clock1 = new FakeTimeProvider(start);
        var clock2 = new FakeTimeProvider(start);
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = new ReliabilityDeleteWatch("ReliabilityCalls")
        {
            TriggerAt = 3,
            Point = ReliabilityTriggerPoint.AfterCommit,
            Stall = () =>
            {
                stalled.TrySetResult();
                return release.Task;
            },
        };
        await using var first = await StartAsync(null, clock1, watch);
        await using var second = await StartAsync(first.ConnectionString, clock2);
        await InsertAsync(first, start, 5_000, ReliabilityRowGroup.Expired);
        await InsertAsync(first, start, 700, ReliabilityRowGroup.Live);

        // Owner 1 takes the lease and stalls after its third batch committed.
        var run1 = Task.Run(() => first.Services.GetRequiredService<IRetentionService>().RunAsync());
        await Task.WhenAny(stalled.Task, run1).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(stalled.Task.IsCompleted, "owner 1 never reached its third DELETE statement: " + (run1.IsCompleted ? $"{run1.Result.Status}: {string.Join("; ", run1.Result.Errors)}" : "still running"));
        Assert.Equal(5_000 - (3 * BatchSize), await CountAsync(second, ReliabilityRowGroup.Expired));

        // Owner 2 is refused while the lease has not expired, then takes it over once its clock passes the expiry.
        var retention2 = second.Services.GetRequiredService<IRetentionService>();
        var refused = await retention2.RunAsync();
        Assert.Equal(RetentionRunStatus.Skipped, refused.Status);
        Assert.Equal(0, Purged(refused));
        clock2.Advance(TimeSpan.FromSeconds(11));
        var takeover = await retention2.RunAsync();
        Assert.True(takeover.Status == RetentionRunStatus.Completed, $"{takeover.Status}: {string.Join("; ", takeover.Errors)}");
        Assert.Equal(5_000 - (3 * BatchSize), Purged(takeover));

        // Owner 1 wakes up (its clock moved on too): it finds the lease lost before its next batch and stops without another DELETE.
        clock1.Advance(TimeSpan.FromSeconds(11));
        release.SetResult();
        var stopped = await run1.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(RetentionRunStatus.LeaseLost, stopped.Status);
        Assert.Equal(3 * BatchSize, Purged(stopped));
        Assert.Equal(0, watch.DeletesAfterTrigger);
        Assert.Equal(0, await CountAsync(first, ReliabilityRowGroup.Expired));
        Assert.Equal(700, await CountAsync(first, ReliabilityRowGroup.Live));

        await using var db = first.CreateContext();
        var records = await db.Set<DataGuardRetentionRunEntity>().AsNoTracking().ToListAsync();
        var lost = records.Single(r => r.Id == stopped.RunId);
        var won = records.Single(r => r.Id == takeover.RunId);
        Assert.Equal("leaselost", lost.Status);
        Assert.Equal("completed", won.Status);
        Assert.NotEqual(lost.Owner, won.Owner);
        Assert.True(won.FencingToken > lost.FencingToken, "the take-over must hold a newer fencing token");
    }

    public void Dispose()
    {
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    private static long Purged(RetentionReport report) => report.Entries.Where(e => e.Category == Category).Sum(e => e.Purged);

    private static async Task<List<long>> InsertAsync(TestHost<ReliabilityDbContext> host, DateTimeOffset now, int count, ReliabilityRowGroup group)
    {
        var ids = new List<long>(count);
        for (var done = 0; done < count; done += 5_000)
        {
            await using var db = host.CreateContext();
            var rows = Enumerable.Range(done, Math.Min(5_000, count - done)).Select(i => new ReliabilityCall
            {
                TenantId = "t" + (i % 4),
                StartedAt = (group == ReliabilityRowGroup.Expired ? now.AddDays(-400).AddMinutes(-i) : now.AddDays(-100).AddMinutes(-i)).UtcDateTime,
                Group = group,
            }).ToList();
            db.Calls.AddRange(rows);
            await db.SaveChangesAsync();
            ids.AddRange(rows.Select(r => r.Id));
        }

        return ids;
    }

    private static async Task<int> CountAsync(TestHost<ReliabilityDbContext> host, ReliabilityRowGroup group)
    {
        await using var db = host.CreateContext();
        return await db.Calls.CountAsync(c => c.Group == group);
    }

    private Task<TestHost<ReliabilityDbContext>> StartAsync(string? connectionString, TimeProvider clock, ReliabilityDeleteWatch? watch = null, ConcurrentDictionary<long, int>? handed = null)
        => TestHost<ReliabilityDbContext>.StartAsync(
            Database,
            connectionString,
            dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN").AddRetention(r => r
                .Keep<ReliabilityCall>(c => c.StartedAt, TimeSpan.FromDays(365), category: Category)
                .Configure(o =>
                {
                    o.BatchSize = BatchSize;
                    o.RunOnSchedule = false;
                    o.LeaseDuration = TimeSpan.FromSeconds(10);
                })),
            services: s =>
            {
                s.AddSingleton(clock);
                if (handed is not null)
                {
                    s.AddSingleton<IRetentionHook<ReliabilityCall>>(new ReliabilityRecordingHook(handed));
                }
            },
            keysDirectory: _keys,
            configureOptions: o =>
            {
                if (watch is not null)
                {
                    o.AddInterceptors(watch);
                }
            });
}
