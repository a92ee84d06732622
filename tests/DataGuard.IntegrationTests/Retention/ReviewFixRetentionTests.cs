// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.Retention;
using DataGuard.IntegrationTests.Tokenization;
using DataGuard.Retention;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// The retention engine's fixes from the security review: held dependents, holds and lease checked inside the batch transaction, keys
/// re-selected before their dependents go, global query filters, archive before hooks, holds that cannot be applied, subject holds tied to
/// their hash, national phone numbers under tenant regions, capped hook reasons.
/// </summary>
public abstract class ReviewFixRetentionTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private const string Speaker = "+919876543210";
    private const string OtherSpeaker = "+919812345678";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected TFixture Database { get; } = database;

    [SkippableFact]
    public async Task HeldDependents_KeepTheirParents_CountAsHeldBack_AndTheRestIsPurged()
    {
        await using var host = await StartAsync(CallPolicy);
        long c1, c2, c3, c4, c5, c6, c7, clip1, note5, tag6, tag4;
        await using (var db = host.CreateContext())
        {
            var calls = Enumerable.Range(0, 7).Select(i => new ReviewFixCall { StartedAt = Now.AddDays(i == 6 ? -10 : -400 - i) }).ToArray();
            calls[0].Clips.Add(new ReviewFixClip { TenantId = "t1" });
            calls[1].Clips.Add(new ReviewFixClip { TenantId = "t1", Speaker = Speaker });
            calls[2].Clips.Add(new ReviewFixClip { TenantId = "t-held" });
            calls[3].Clips.Add(new ReviewFixClip { TenantId = "t1", Speaker = OtherSpeaker, Notes = { new ReviewFixClipNote { Text = "n4" } } });
            calls[4].Clips.Add(new ReviewFixClip { TenantId = "t1", Notes = { new ReviewFixClipNote { Text = "n5" } } });
            calls[6].Clips.Add(new ReviewFixClip { TenantId = "t1" });
            db.AddRange(calls);
            await db.SaveChangesAsync();
            var tags = new[] { new ReviewFixTag { CallId = calls[5].Id, TenantId = "t1" }, new ReviewFixTag { CallId = calls[3].Id, TenantId = "t1" } };
            db.AddRange(tags);
            await db.SaveChangesAsync();
            (c1, c2, c3, c4, c5, c6, c7) = (calls[0].Id, calls[1].Id, calls[2].Id, calls[3].Id, calls[4].Id, calls[5].Id, calls[6].Id);
            (clip1, note5, tag6, tag4) = (calls[0].Clips[0].Id, calls[4].Clips[0].Notes[0].Id, tags[0].Id, tags[1].Id);
        }

        var holds = Holds(host);
        await holds.PlaceOnRecordAsync(typeof(ReviewFixClip), clip1, Details());
        await holds.PlaceOnSubjectAsync(Speaker, Details());
        await holds.PlaceOnTenantAsync("t-held", Details());
        await holds.PlaceOnRecordAsync(typeof(ReviewFixClipNote), note5, Details());
        await holds.PlaceOnRecordAsync(typeof(ReviewFixTag), tag6, Details());

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        Assert.Equal((1L, 5L), (dry.Entries.Single().Purged, dry.Entries.Single().HeldBack));
        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        var entry = report.Entries.Single();
        Assert.Equal((1L, 5L, 3L), (entry.Purged, entry.HeldBack, entry.Dependents)); // clip 4, its note, tag 4 detached
        await using var check = host.CreateContext();
        Assert.Equal(new[] { c1, c2, c3, c5, c6, c7 }, (await check.Set<ReviewFixCall>().IgnoreQueryFilters().Select(c => c.Id).ToListAsync()).Order());
        Assert.Equal(new[] { c1, c2, c3, c5, c7 }, (await check.Set<ReviewFixClip>().IgnoreQueryFilters().Select(c => c.CallId).ToListAsync()).Order());
        Assert.Equal(["n5"], await check.Set<ReviewFixClipNote>().Select(n => n.Text).ToListAsync());
        var tagRows = await check.Set<ReviewFixTag>().IgnoreQueryFilters().AsNoTracking().ToListAsync();
        Assert.Equal(c6, tagRows.Single(t => t.Id == tag6).CallId);
        Assert.Null(tagRows.Single(t => t.Id == tag4).CallId);
        Assert.DoesNotContain(c4, await check.Set<ReviewFixCall>().IgnoreQueryFilters().Select(c => c.Id).ToListAsync());
    }

    [SkippableFact]
    public async Task HeldDependent_DeeperThanTheCheckFollowsACycle_RollsTheBatchBack_AndFailsThePolicy()
    {
        await using var host = await StartAsync(CallPolicy);
        long deepest;
        await using (var db = host.CreateContext())
        {
            var call = new ReviewFixCall { StartedAt = Now.AddDays(-400) };
            db.Add(call);
            await db.SaveChangesAsync();
            long? parent = null;
            ReviewFixThread? last = null;
            for (var i = 0; i < 3; i++)
            {
                last = new ReviewFixThread { CallId = i == 0 ? call.Id : null, ParentId = parent };
                db.Add(last);
                await db.SaveChangesAsync();
                parent = last.Id;
            }

            deepest = last!.Id;
        }

        await Holds(host).PlaceOnRecordAsync(typeof(ReviewFixThread), deepest, Details());
        var report = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.Failed, report.Status);
        Assert.Contains(report.Errors, e => e.StartsWith("calls: InvalidOperationException", StringComparison.Ordinal));
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Set<ReviewFixCall>().IgnoreQueryFilters().CountAsync());
        Assert.Equal(3, await check.Set<ReviewFixThread>().CountAsync());
    }

    [SkippableFact]
    public async Task GlobalQueryFilter_HidingEveryRow_DoesNotHideThemFromRetention()
    {
        await using var host = await StartAsync(CallPolicy);
        long live;
        await using (var db = host.CreateContext())
        {
            var old = new ReviewFixCall { StartedAt = Now.AddDays(-400), Clips = { new ReviewFixClip { TenantId = "t1", Notes = { new ReviewFixClipNote { Text = "old" } } } } };
            var young = new ReviewFixCall { StartedAt = Now.AddDays(-10) };
            db.AddRange(old, young);
            await db.SaveChangesAsync();
            db.Add(new ReviewFixTag { CallId = old.Id, TenantId = "t1" });
            await db.SaveChangesAsync();
            live = young.Id;
            Assert.Equal(0, await db.Set<ReviewFixCall>().CountAsync()); // the filter hides every row outside a request
        }

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        Assert.Equal(1, dry.Entries.Single().Purged);
        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        Assert.Equal((1L, 3L), (report.Entries.Single().Purged, report.Entries.Single().Dependents));
        await using var check = host.CreateContext();
        Assert.Equal([live], await check.Set<ReviewFixCall>().IgnoreQueryFilters().Select(c => c.Id).ToListAsync());
        Assert.Equal(0, await check.Set<ReviewFixClip>().IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await check.Set<ReviewFixClipNote>().CountAsync());
        Assert.Null((await check.Set<ReviewFixTag>().IgnoreQueryFilters().SingleAsync()).CallId);
    }

    [SkippableFact]
    public async Task HoldPlacedAfterTheBatchWasSelected_IsHonouredByItsStatements_AndTheHeldRowsDependentsStay()
    {
        var hook = new ReviewFixCallHook();
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IRetentionHook<ReviewFixCall>>(hook));
        var (held, free) = await AddTwoExpiredCallsWithClipsAsync(host);
        hook.OnBatch = async batch =>
        {
            Assert.Equal(2, batch.Rows.Count);
            await Holds(host).PlaceOnRecordAsync(typeof(ReviewFixCall), held, Details());
        };

        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        var entry = report.Entries.Single();
        Assert.Equal((1L, 1L, 1L), (entry.Purged, entry.Dependents, entry.HeldBack));
        await using var check = host.CreateContext();
        Assert.Equal([held], await check.Set<ReviewFixCall>().IgnoreQueryFilters().Select(c => c.Id).ToListAsync());
        Assert.Equal([held], await check.Set<ReviewFixClip>().IgnoreQueryFilters().Select(c => c.CallId).ToListAsync());
        Assert.NotEqual(held, free);
    }

    [SkippableFact]
    public async Task LeaseTakenOverDuringABatch_RollsThatBatchBack_AndStopsWithLeaseLost()
    {
        var hook = new ReviewFixCallHook();
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IRetentionHook<ReviewFixCall>>(hook));
        await AddTwoExpiredCallsWithClipsAsync(host);
        hook.OnBatch = async _ =>
        {
            await using var db = host.CreateContext();
            await db.Set<DataGuardLeaseEntity>().ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, "thief").SetProperty(l => l.FencingToken, l => l.FencingToken + 1));
        };

        var report = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.LeaseLost, report.Status);
        await using var check = host.CreateContext();
        Assert.Equal(2, await check.Set<ReviewFixCall>().IgnoreQueryFilters().CountAsync());
        Assert.Equal(2, await check.Set<ReviewFixClip>().IgnoreQueryFilters().CountAsync());
        Assert.Equal("thief", (await check.Set<DataGuardLeaseEntity>().AsNoTracking().SingleAsync()).Owner);
    }

    [SkippableFact]
    public async Task Archive_RunsBeforeTheHooks_SoAFailedArchiveRunsNoHook()
    {
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var hook = new ReviewFixCallHook { Order = order };
        var archive = new ReviewFixArchive { Order = order, Fail = true };
        await using var host = await StartAsync(
            r => r.Keep<ReviewFixCall>(c => c.StartedAt, TimeSpan.FromDays(365), category: "calls", configure: p => p.Archive()),
            services: s =>
            {
                s.AddSingleton<IRetentionHook<ReviewFixCall>>(hook);
                s.Replace(ServiceDescriptor.Singleton<IRetentionArchive>(archive));
            });
        await AddTwoExpiredCallsWithClipsAsync(host);

        var failed = await Retention(host).RunAsync();
        archive.Fail = false;
        var next = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.Failed, failed.Status);
        Assert.Equal(RetentionRunStatus.Completed, next.Status);
        Assert.Equal(["archive", "archive", "hook"], order.ToArray());
        Assert.Equal(2, next.Entries.Single().Purged);
    }

    [SkippableFact]
    public async Task RecordHold_OnAKeyWithoutAnInvariantTextForm_IsRefused()
    {
        await using var host = await StartAsync(CallPolicy);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Holds(host).PlaceOnRecordAsync(typeof(ReviewFixBlob), new byte[] { 1, 2, 3 }, Details()));

        Assert.Equal("key", error.ParamName);
        Assert.Contains("Byte[]", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Holds(host).GetActiveAsync());
    }

    [SkippableFact]
    public async Task RecordHold_WhoseKeyDoesNotConvertToTheKeyType_FailsThePolicy_AndNothingIsPurged()
    {
        await using var host = await StartAsync(CallPolicy);
        await AddTwoExpiredCallsWithClipsAsync(host);
        await using (var db = host.CreateContext())
        {
            db.Set<DataGuardLegalHoldEntity>().Add(new DataGuardLegalHoldEntity
            {
                Id = Guid.NewGuid(),
                Scope = (int)LegalHoldScope.Record,
                EntityType = typeof(ReviewFixCall).FullName,
                RecordKey = "not-a-number",
                Reason = "litigation",
                PlacedBy = "legal",
                PlacedAtMicros = LegalHoldReader.ToMicros(Now),
            });
            await db.SaveChangesAsync();
        }

        var report = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.Failed, report.Status);
        Assert.Contains(report.Errors, e => e.StartsWith("calls: InvalidOperationException", StringComparison.Ordinal));
        await using var check = host.CreateContext();
        Assert.Equal(2, await check.Set<ReviewFixCall>().IgnoreQueryFilters().CountAsync());
    }

    [SkippableFact]
    public async Task TenantHold_ThatIsNotAValueOfTheTenantType_FailsThePolicy_AndNothingIsPurged()
    {
        await using var host = await StartAsync(r => r.Keep<ReviewFixGuidRow>(g => g.At, TimeSpan.FromDays(30), category: "rows"));
        await using (var db = host.CreateContext())
        {
            db.Add(new ReviewFixGuidRow { TenantId = Guid.NewGuid(), At = Now.AddDays(-60) });
            await db.SaveChangesAsync();
        }

        await Holds(host).PlaceOnTenantAsync("acme", Details());
        var report = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.Failed, report.Status);
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Set<ReviewFixGuidRow>().CountAsync());
    }

    [SkippableFact]
    public async Task SubjectHold_WhoseIdentifierWasMovedFromAnotherHold_FailsClosed()
    {
        await using var host = await StartAsync(CallPolicy);
        await using (var db = host.CreateContext())
        {
            db.Add(new ReviewFixCall { StartedAt = Now.AddDays(-400), Clips = { new ReviewFixClip { TenantId = "t1", Speaker = Speaker } } });
            await db.SaveChangesAsync();
        }

        var mine = await Holds(host).PlaceOnSubjectAsync(Speaker, Details());
        var other = await Holds(host).PlaceOnSubjectAsync(OtherSpeaker, Details());
        await using (var db = host.CreateContext())
        {
            // Same column, same key: the other hold's ciphertext decrypts fine in this row; only its subject hash tells it apart.
            var moved = await db.Set<DataGuardLegalHoldEntity>().Where(h => h.Id == other.Id).Select(h => h.SubjectValue).SingleAsync();
            await db.Set<DataGuardLegalHoldEntity>().Where(h => h.Id == mine.Id).ExecuteUpdateAsync(s => s.SetProperty(h => h.SubjectValue, moved));
        }

        var report = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.Failed, report.Status);
        Assert.Contains(report.Errors, e => e.StartsWith("calls: DataGuardCryptographicException", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Errors, e => e.Contains("9876543210", StringComparison.Ordinal));
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Set<ReviewFixCall>().IgnoreQueryFilters().CountAsync());
        Assert.Equal(1, await check.Set<ReviewFixClip>().IgnoreQueryFilters().CountAsync());
    }

    [SkippableFact]
    public async Task SubjectHold_ANationalNumber_WhenNumbersAreReadPerTenantRegion_FailsThePolicy()
    {
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IDataGuardTenantContext>(new AsyncLocalTenantContext()));
        await using (var db = host.CreateContext())
        {
            db.Add(new ReviewFixCall { StartedAt = Now.AddDays(-400), Clips = { new ReviewFixClip { TenantId = "t1", Speaker = Speaker } } });
            await db.SaveChangesAsync();
        }

        await Holds(host).PlaceOnSubjectAsync("098765 43210", Details());
        var report = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.Failed, report.Status);
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Set<ReviewFixCall>().IgnoreQueryFilters().CountAsync());
    }

    [SkippableFact]
    public async Task SubjectHold_AnInternationalNumber_WhenNumbersAreReadPerTenantRegion_HoldsTheRow()
    {
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IDataGuardTenantContext>(new AsyncLocalTenantContext()));
        await using (var db = host.CreateContext())
        {
            db.Add(new ReviewFixCall { StartedAt = Now.AddDays(-400), Clips = { new ReviewFixClip { TenantId = "t1", Speaker = Speaker } } });
            await db.SaveChangesAsync();
        }

        await Holds(host).PlaceOnSubjectAsync("+91 98765 43210", Details());
        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        Assert.Equal(1, report.Entries.Single().HeldBack);
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Set<ReviewFixCall>().IgnoreQueryFilters().CountAsync());
    }

    [SkippableFact]
    public async Task HookRetainReason_IsCappedAt200Characters_InTheRunErrors()
    {
        var hook = new ReviewFixCallHook { RetainReason = new string('r', 500) };
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IRetentionHook<ReviewFixCall>>(hook));
        await AddTwoExpiredCallsWithClipsAsync(host);

        var report = await Retention(host).RunAsync();

        Assert.Contains(report.Errors, e => e.Contains(new string('r', 200) + "...)", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Errors, e => e.Contains(new string('r', 201), StringComparison.Ordinal));
        Assert.Equal(2, report.Entries.Single().Failed);
    }

    [SkippableFact]
    public async Task HookRetainReason_WithAPhoneNumber_IsRedacted_InErrorsAndTheRunRecord()
    {
        var hook = new ReviewFixCallHook { RetainReason = "could not delete /recordings/+91 98765 43210.wav" };
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IRetentionHook<ReviewFixCall>>(hook));
        await AddTwoExpiredCallsWithClipsAsync(host);

        var report = await Retention(host).RunAsync();

        Assert.Contains(report.Errors, e => e.Contains("could not delete /recordings/", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Errors, e => e.Contains("98765", StringComparison.Ordinal) || e.Contains("43210", StringComparison.Ordinal));
        await using var db = host.CreateContext();
        var run = await db.Set<DataGuard.EFCore.Retention.DataGuardRetentionRunEntity>().AsNoTracking().SingleAsync();
        Assert.DoesNotContain("98765", run.Report, StringComparison.Ordinal);
        Assert.DoesNotContain("43210", run.Report, StringComparison.Ordinal);
        Assert.Equal(2, report.Entries.Single().Failed);
    }

    private static RetentionBuilder CallPolicy(RetentionBuilder r) => r.Keep<ReviewFixCall>(c => c.StartedAt, TimeSpan.FromDays(365), category: "calls");

    private static LegalHoldDetails Details() => new() { Reason = "litigation", PlacedBy = "legal" };

    private static IRetentionService Retention(TestHost<ReviewFixDbContext> host) => host.Services.GetRequiredService<IRetentionService>();

    private static ILegalHoldService Holds(TestHost<ReviewFixDbContext> host) => host.Services.GetRequiredService<ILegalHoldService>();

    private static async Task<(long First, long Second)> AddTwoExpiredCallsWithClipsAsync(TestHost<ReviewFixDbContext> host)
    {
        await using var db = host.CreateContext();
        var calls = new[]
        {
            new ReviewFixCall { StartedAt = Now.AddDays(-401), Clips = { new ReviewFixClip { TenantId = "t1" } } },
            new ReviewFixCall { StartedAt = Now.AddDays(-400), Clips = { new ReviewFixClip { TenantId = "t1" } } },
        };
        db.AddRange(calls);
        await db.SaveChangesAsync();
        return (calls[0].Id, calls[1].Id);
    }

    private Task<TestHost<ReviewFixDbContext>> StartAsync(Func<RetentionBuilder, RetentionBuilder> policies, Action<IServiceCollection>? services = null)
        => TestHost<ReviewFixDbContext>.StartAsync(
            Database,
            configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN").AddRetention(r =>
            {
                policies(r);
                r.Configure(o =>
                {
                    o.RunOnSchedule = false;
                    o.BatchSize = 100;
                });
            }),
            services: s =>
            {
                s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
                services?.Invoke(s);
            });
}
