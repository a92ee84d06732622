// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// A legal hold placed while a purge runs (issue 6): the run is paused after a committed batch, a tenant hold and a subject hold are
/// placed, and every batch after that spares their rows, while it goes on purging everyone else's.
/// </summary>
/// <typeparam name="TFixture">The database engine.</typeparam>
public abstract class ReliabilityHoldDuringRunTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private const string Category = "reliability-calls";
    private const string Subject = "+919811100042";

    protected TFixture Database { get; } = database;

    [SkippableFact]
    public async Task HoldsPlacedMidRun_AreHonouredByEveryLaterBatch()
    {
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = new ReliabilityDeleteWatch("ReliabilityCalls")
        {
            TriggerAt = 2,
            Point = ReliabilityTriggerPoint.AfterCommit,
            Stall = () =>
            {
                paused.TrySetResult();
                return resume.Task;
            },
        };
        await using var host = await TestHost<ReliabilityDbContext>.StartAsync(
            Database,
            configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN").AddRetention(r => r
                .Keep<ReliabilityCall>(c => c.StartedAt, TimeSpan.FromDays(365), category: Category)
                .Configure(o =>
                {
                    o.BatchSize = 500;
                    o.RunOnSchedule = false;
                })),
            services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(now)),
            configureOptions: o => o.AddInterceptors(watch));
        await using (var db = host.CreateContext())
        {
            // 4,000 expired rows, tenants interleaved so that every batch takes rows of each; 200 of tenant t1 name the subject.
            db.Calls.AddRange(Enumerable.Range(0, 4_000).Select(i => new ReliabilityCall
            {
                TenantId = "t" + (i % 4),
                Caller = i % 4 == 1 && i % 5 == 0 ? Subject : null,
                StartedAt = now.AddDays(-400).AddMinutes(-i).UtcDateTime,
                Group = ReliabilityRowGroup.Expired,
            }));
            await db.SaveChangesAsync();
        }

        var run = Task.Run(() => host.Services.GetRequiredService<IRetentionService>().RunAsync());
        await Task.WhenAny(paused.Task, run).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(paused.Task.IsCompleted, "the run never reached its second DELETE statement: " + (run.IsCompleted ? $"{run.Result.Status}: {string.Join("; ", run.Result.Errors)}" : "still running"));

        var holds = host.Services.GetRequiredService<ILegalHoldService>();
        await holds.PlaceOnTenantAsync("t2", new LegalHoldDetails { Reason = "case 7", PlacedBy = "legal" });
        await holds.PlaceOnSubjectAsync("098111 00042", new LegalHoldDetails { Reason = "case 8", PlacedBy = "legal" });
        int tenantRows, subjectRows;
        await using (var db = host.CreateContext())
        {
            tenantRows = await db.Calls.CountAsync(c => c.TenantId == "t2");
            subjectRows = await db.Calls.WhereEquals(c => c.Caller, Subject).CountAsync();
        }

        Assert.InRange(tenantRows, 1, 999);
        Assert.InRange(subjectRows, 1, 199);
        resume.SetResult();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(report.Status == RetentionRunStatus.Completed, $"{report.Status}: {string.Join("; ", report.Errors)}");
        Assert.True(watch.DeletesAfterTrigger > 0, "the run must go on purging after the holds were placed");
        await using (var db = host.CreateContext())
        {
            Assert.Equal(tenantRows, await db.Calls.CountAsync(c => c.TenantId == "t2"));
            Assert.Equal(subjectRows, await db.Calls.WhereEquals(c => c.Caller, Subject).CountAsync());
            Assert.Equal(subjectRows, await db.Calls.CountAsync(c => c.TenantId == "t1"));
            Assert.Equal(0, await db.Calls.CountAsync(c => c.TenantId == "t0" || c.TenantId == "t3"));
            Assert.Equal(4_000 - tenantRows - subjectRows, report.Entries.Where(e => e.Category == Category).Sum(e => e.Purged));
        }
    }
}
