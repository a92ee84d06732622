// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// Retention against a <see cref="FakeTimeProvider"/> on every real provider: the cutoff boundary (a row exactly at it is kept, the
/// smallest step before it is purged), <see cref="DateTimeOffset"/> timestamps with +05:30 and -05:00 offsets deciding like their
/// UTC instants, a tenant changing its period between runs, and a clock advanced by a year.
/// </summary>
/// <typeparam name="TFixture">The database engine.</typeparam>
public abstract class ClockRetentionTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private const string UtcCategory = "utc-calls";
    private const string OffsetCategory = "offset-calls";
    private const string NoteCategory = "notes";

    private static readonly TimeSpan Month = TimeSpan.FromDays(30);
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);
    private static readonly TimeSpan IndiaOffset = new(5, 30, 0);
    private static readonly TimeSpan NewYorkOffset = TimeSpan.FromHours(-5);

    protected TFixture Database { get; } = database;

    /// <summary>Gets the smallest step the engine stores (SQLite keeps ticks, PostgreSQL microseconds).</summary>
    protected abstract TimeSpan Resolution { get; }

    /// <summary>Gets the fake "now" every test starts at (a whole second, so the cutoff is exact on every engine).</summary>
    protected static DateTimeOffset Start { get; } = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Boundary_RowExactlyAtTheCutoff_IsKept_AndTheSmallestStepBefore_IsPurged()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, r => r
            .Keep<ReliabilityUtcCall>(c => c.StartedAt, Month, category: UtcCategory)
            .Keep<ReliabilityOffsetCall>(c => c.StartedAt, Month, category: OffsetCategory));
        var cutoff = Start - Month;
        var instants = new Dictionary<int, DateTimeOffset>
        {
            [1] = cutoff,
            [2] = cutoff - Resolution,
            [3] = cutoff + Resolution,
            [4] = cutoff - TimeSpan.FromDays(1),
            [5] = Start,
        };
        await SeedAsync(host, instants, _ => TimeSpan.Zero);
        var retention = host.Services.GetRequiredService<IRetentionService>();

        var dry = await retention.DryRunAsync();
        Assert.True(dry.Errors.Count == 0, string.Join("; ", dry.Errors));
        Assert.Equal(2, Entry(dry, UtcCategory).Purged);
        Assert.Equal(2, Entry(dry, OffsetCategory).Purged);
        Assert.Equal(5, (await SurvivorsAsync(host)).Utc.Count);

        var report = await CompletedRunAsync(retention);

        Assert.Equal(cutoff, Entry(report, UtcCategory).Cutoff);
        Assert.Equal(cutoff, Entry(report, OffsetCategory).Cutoff);
        Assert.Equal(2, Entry(report, UtcCategory).Purged);
        Assert.Equal(2, Entry(report, OffsetCategory).Purged);
        var (utc, offset) = await SurvivorsAsync(host);
        Assert.Equal([1, 3, 5], utc);
        Assert.Equal([1, 3, 5], offset);
    }

    [SkippableFact]
    public async Task TimeZones_OffsetTimestampsAroundTheCutoff_DecideLikeTheirUtcInstants()
    {
        // Each instant is stored once as a UTC DateTime and once as a DateTimeOffset at +05:30 or -05:00. Ordering by local wall-clock
        // time would decide several of them the other way round (3 hours before the cutoff at +05:30 reads 2.5 hours after it).
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, r => r
            .Keep<ReliabilityUtcCall>(c => c.StartedAt, Month, category: UtcCategory)
            .Keep<ReliabilityOffsetCall>(c => c.StartedAt, Month, category: OffsetCategory));
        var cutoff = Start - Month;
        var cases = new (DateTimeOffset Instant, TimeSpan Offset)[]
        {
            (cutoff - TimeSpan.FromHours(3), IndiaOffset),
            (cutoff + TimeSpan.FromHours(3), NewYorkOffset),
            (cutoff, IndiaOffset),
            (cutoff, NewYorkOffset),
            (cutoff - Resolution, IndiaOffset),
            (cutoff - Resolution, NewYorkOffset),
            (cutoff + Resolution, IndiaOffset),
            (cutoff + Resolution, NewYorkOffset),
            (cutoff - IndiaOffset, IndiaOffset),
            (cutoff - NewYorkOffset, NewYorkOffset),
            (cutoff + TimeSpan.FromMinutes(1), IndiaOffset),
            (cutoff - TimeSpan.FromMinutes(1), NewYorkOffset),
        };
        var instants = cases.Select((c, i) => (Id: i + 1, c.Instant)).ToDictionary(c => c.Id, c => c.Instant);
        await SeedAsync(host, instants, id => cases[id - 1].Offset);

        // The offset column round-trips the instant (normalised to UTC).
        await using (var db = host.CreateContext())
        {
            foreach (var row in await db.OffsetCalls.AsNoTracking().ToListAsync())
            {
                Assert.Equal(instants[row.Id], row.StartedAt);
                Assert.Equal(TimeSpan.Zero, row.StartedAt.Offset);
            }
        }

        var report = await CompletedRunAsync(host.Services.GetRequiredService<IRetentionService>());

        var expected = instants.Where(p => p.Value >= cutoff).Select(p => p.Key).Order().ToList();
        var (utc, offset) = await SurvivorsAsync(host);
        Assert.Equal(expected, utc);
        Assert.Equal(expected, offset);
        Assert.Equal(instants.Count - expected.Count, Entry(report, UtcCategory).Purged);
        Assert.Equal(instants.Count - expected.Count, Entry(report, OffsetCategory).Purged);
    }

    [SkippableFact]
    public async Task TenantChangesItsPeriod_BetweenRuns_TheNextRunAppliesTheNewPeriod()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, r => r
            .Keep<ReliabilityNote>(n => n.CreatedAt, Year, tenantMayChoose: (Month, null), category: NoteCategory));
        int[] ages = [10, 40, 200, 400];
        await using (var db = host.CreateContext())
        {
            var id = 0;
            foreach (var tenant in new[] { "t1", "t2" })
            {
                foreach (var age in ages)
                {
                    db.Notes.Add(new ReliabilityNote { Id = ++id, TenantId = tenant, CreatedAt = (Start - TimeSpan.FromDays(age)).UtcDateTime });
                }
            }

            await db.SaveChangesAsync();
        }

        var retention = host.Services.GetRequiredService<IRetentionService>();

        // Run 1: the default year for both tenants.
        var first = await CompletedRunAsync(retention);
        Assert.Equal(2, first.Entries.Where(e => e.Category == NoteCategory).Sum(e => e.Purged));
        Assert.Equal(new[] { ("t1", 10), ("t1", 40), ("t1", 200), ("t2", 10), ("t2", 40), ("t2", 200) }, await NoteAgesAsync(host, clock));

        // t1 chooses 30 days: the next run applies it to t1 only, and reports it as t1's own group.
        await retention.SetTenantPeriodAsync("t1", NoteCategory, Month, "t1-admin");
        Assert.Equal(Month, (await retention.GetTenantPeriodsAsync("t1"))[NoteCategory]);
        var second = await CompletedRunAsync(retention);
        var t1 = second.Entries.Single(e => e.Category == NoteCategory && e.TenantId == "t1");
        Assert.Equal(Month, t1.Period);
        Assert.Equal(Start - Month, t1.Cutoff);
        Assert.Equal(2, t1.Purged);
        Assert.Equal(0, second.Entries.Where(e => e.Category == NoteCategory && e.TenantId != "t1").Sum(e => e.Purged));
        Assert.Equal(new[] { ("t1", 10), ("t2", 10), ("t2", 40), ("t2", 200) }, await NoteAgesAsync(host, clock));

        // t2 chooses indefinite, and 200 days pass: t2's oldest note is now 400 days old but kept; t1's 10-day note is now 210 days old.
        await retention.SetTenantPeriodAsync("t2", NoteCategory, null, "t2-admin");
        clock.Advance(TimeSpan.FromDays(200));
        var third = await CompletedRunAsync(retention);
        Assert.Equal(1, third.Entries.Where(e => e.Category == NoteCategory).Sum(e => e.Purged));
        Assert.Null(third.Entries.Single(e => e.Category == NoteCategory && e.TenantId == "t2").Period);
        Assert.Equal(new[] { ("t2", 210), ("t2", 240), ("t2", 400) }, await NoteAgesAsync(host, clock));

        // t2 removes its choice: the default year applies again from the next run.
        Assert.True(await retention.ClearTenantPeriodAsync("t2", NoteCategory));
        Assert.DoesNotContain(NoteCategory, (await retention.GetTenantPeriodsAsync("t2")).Keys);
        var fourth = await CompletedRunAsync(retention);
        Assert.Equal(1, fourth.Entries.Where(e => e.Category == NoteCategory).Sum(e => e.Purged));
        Assert.Equal(new[] { ("t2", 210), ("t2", 240) }, await NoteAgesAsync(host, clock));
    }

    [SkippableFact]
    public async Task AdvancingTheClockByAYear_PurgesTheRowsThatBecameDue_AndKeepsTheOneNowExactlyAtTheCutoff()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, r => r.Keep<ReliabilityUtcCall>(c => c.StartedAt, Year, category: UtcCategory));
        var instants = new Dictionary<int, DateTimeOffset>
        {
            [1] = Start,
            [2] = Start - TimeSpan.FromDays(100),
            [3] = Start - TimeSpan.FromDays(364),
            [4] = Start - TimeSpan.FromDays(366),
            [5] = Start + TimeSpan.FromDays(30),
        };
        await SeedAsync(host, instants, _ => TimeSpan.Zero);
        var retention = host.Services.GetRequiredService<IRetentionService>();

        Assert.Equal(1, Entry(await CompletedRunAsync(retention), UtcCategory).Purged);
        Assert.Equal([1, 2, 3, 5], (await SurvivorsAsync(host)).Utc);

        clock.Advance(Year);
        Assert.Equal(2, Entry(await CompletedRunAsync(retention), UtcCategory).Purged);
        Assert.Equal([1, 5], (await SurvivorsAsync(host)).Utc);

        clock.Advance(Resolution);
        Assert.Equal(1, Entry(await CompletedRunAsync(retention), UtcCategory).Purged);
        Assert.Equal([5], (await SurvivorsAsync(host)).Utc);
    }

    private static async Task<RetentionReport> CompletedRunAsync(IRetentionService retention)
    {
        var report = await retention.RunAsync();
        Assert.True(report.Status == RetentionRunStatus.Completed && report.Errors.Count == 0, $"{report.Status}: {string.Join("; ", report.Errors)}");
        return report;
    }

    private static RetentionReportEntry Entry(RetentionReport report, string category) => report.Entries.Single(e => e.Category == category);

    private static async Task SeedAsync(TestHost<ReliabilityDbContext> host, Dictionary<int, DateTimeOffset> instants, Func<int, TimeSpan> offset)
    {
        await using var db = host.CreateContext();
        foreach (var (id, instant) in instants)
        {
            db.UtcCalls.Add(new ReliabilityUtcCall { Id = id, Label = "u" + id, StartedAt = instant.UtcDateTime });
            db.OffsetCalls.Add(new ReliabilityOffsetCall { Id = id, Label = "o" + id, StartedAt = instant.ToOffset(offset(id)) });
        }

        await db.SaveChangesAsync();
    }

    private static async Task<(List<int> Utc, List<int> Offset)> SurvivorsAsync(TestHost<ReliabilityDbContext> host)
    {
        await using var db = host.CreateContext();
        var utc = await db.UtcCalls.Select(c => c.Id).OrderBy(i => i).ToListAsync();
        var offset = await db.OffsetCalls.Select(c => c.Id).OrderBy(i => i).ToListAsync();
        return (utc, offset);
    }

    private static async Task<List<(string Tenant, int Age)>> NoteAgesAsync(TestHost<ReliabilityDbContext> host, FakeTimeProvider clock)
    {
        await using var db = host.CreateContext();
        var notes = await db.Notes.AsNoTracking().ToListAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        return notes.Select(n => (n.TenantId, (int)Math.Round((now - n.CreatedAt).TotalDays))).OrderBy(n => n.TenantId, StringComparer.Ordinal).ThenBy(n => n.Item2).ToList();
    }

    private Task<TestHost<ReliabilityDbContext>> StartAsync(FakeTimeProvider clock, Action<DataGuard.Retention.RetentionBuilder> policies)
        => TestHost<ReliabilityDbContext>.StartAsync(
            Database,
            // The fake clock jumps by months: with the default five-minute key-ring refresh, its timer fires ~100,000 times per year
            // advanced (about 40 s on SQLite); the longest interval allowed, a day, keeps that to a few seconds.
            configure: dg => dg.AddFieldEncryption(o => o.KeyRefreshInterval = TimeSpan.FromDays(1)).AddPhoneNumbers(p => p.DefaultRegion = "IN").AddRetention(r =>
            {
                policies(r);
                r.Configure(o => o.RunOnSchedule = false);
            }),
            services: s => s.AddSingleton<TimeProvider>(clock));
}
