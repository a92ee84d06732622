// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.EFCore.Retention;
using DataGuard.Retention;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// The lead's retention fixes: DateTimeOffset timestamps only through DataGuard's UTC converter (H3), keep policies never overlapped by a
/// purging policy (H2a), cascade dependents with a policy of their own not deleted by their principal's purge (H2b), stored tenant
/// choices outside the current bounds not applied (M6), and retention hooks audited while the run's own statements are not (M7).
/// </summary>
public abstract class LeadFixRetentionTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected TFixture Database { get; } = database;

    /// <summary>Gets whether the provider cannot compare a DateTimeOffset stored without a converter (SQLite).</summary>
    protected abstract bool RejectsRawDateTimeOffset { get; }

    // ---- H3: DateTimeOffset timestamps through another converter than DataGuard's UTC one fail start-up on every provider.

    [SkippableTheory]
    [InlineData(nameof(LeadFixStamp.BinaryAt))]
    [InlineData(nameof(LeadFixStamp.LongAt))]
    public async Task H3_DateTimeOffsetTimestamp_ThroughAnotherConverter_FailsStartUp_NamingTheCategoryAndIsUtcTimestamp(string timestamp)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(r => r.Configure(
            o => o.Policies["stamps"] = new RetentionPolicyOptions { EntityClrType = typeof(LeadFixStamp), Entity = typeof(LeadFixStamp).FullName, Timestamp = timestamp, Period = TimeSpan.FromDays(30) })));

        var failure = Assert.Single(error.Failures);
        Assert.Contains("'stamps'", failure, StringComparison.Ordinal);
        Assert.Contains("LeadFixStamp." + timestamp, failure, StringComparison.Ordinal);
        Assert.Contains("DateTimeOffsetToBinaryConverter", failure, StringComparison.Ordinal);
        Assert.Contains(".IsUtcTimestamp()", failure, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task H3_DateTimeOffsetTimestamp_WithIsUtcTimestamp_Starts_AndPurgesByTheInstant()
    {
        await using var host = await StartAsync(r => r.Keep<LeadFixStamp>(s => s.UtcAt, TimeSpan.FromDays(30), category: "stamps"));
        long young;
        await using (var db = host.CreateContext())
        {
            // The same instants with a non-UTC offset: 31 days ago is past the period, 29 days ago is not.
            var offset = TimeSpan.FromHours(5);
            var old = Stamp(Now.AddDays(-31).ToOffset(offset));
            var fresh = Stamp(Now.AddDays(-29).ToOffset(offset));
            db.AddRange(old, fresh);
            await db.SaveChangesAsync();
            young = fresh.Id;
        }

        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        Assert.Equal(1, report.Entries.Single().Purged);
        await using var check = host.CreateContext();
        Assert.Equal([young], await check.Set<LeadFixStamp>().Select(s => s.Id).ToListAsync());
    }

    [SkippableFact]
    public async Task H3_DateTimeOffsetTimestamp_WithoutConverter_FailsStartUpOnSqliteOnly()
    {
        if (RejectsRawDateTimeOffset)
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(r => r.Keep<LeadFixStamp>(s => s.RawAt, TimeSpan.FromDays(30), category: "stamps")));
            var failure = Assert.Single(error.Failures);
            Assert.Contains("'stamps'", failure, StringComparison.Ordinal);
            Assert.Contains(".IsUtcTimestamp()", failure, StringComparison.Ordinal);
        }
        else
        {
            await using var host = await StartAsync(r => r.Keep<LeadFixStamp>(s => s.RawAt, TimeSpan.FromDays(30), category: "stamps"));
            await using (var db = host.CreateContext())
            {
                db.AddRange(Stamp(Now.AddDays(-31)), Stamp(Now.AddDays(-29)));
                await db.SaveChangesAsync();
            }

            var report = await Retention(host).RunAsync();

            Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
            Assert.Equal(1, report.Entries.Single().Purged);
        }
    }

    // ---- H2a: a keep policy and a purging policy over overlapping types fail start-up; two purging policies do not.

    [SkippableTheory]
    [InlineData(RetentionAction.Delete)]
    [InlineData(RetentionAction.Anonymize)]
    [InlineData(RetentionAction.Archive)]
    public async Task H2a_KeepPolicy_AndAPurgingPolicy_OnOneEntityType_FailStartUp_NamingBoth(RetentionAction action)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(r => r
            .Keep<LeadFixStamp>(s => s.UtcAt, TimeSpan.FromDays(3650), statutory: true, category: "stamps-statutory", legalBasis: "law")
            .Keep<LeadFixStamp>(s => s.UtcAt, TimeSpan.FromDays(30), category: "stamps-purge", configure: p => Act(p, action))));

        // (An archive policy also fails for the missing archive directory, a separate failure.)
        Assert.Single(error.Failures, f => f.Contains("'stamps-purge'", StringComparison.Ordinal) && f.Contains("'stamps-statutory'", StringComparison.Ordinal));
        Assert.Equal(action == RetentionAction.Archive ? 2 : 1, error.Failures.Count());
    }

    [SkippableFact]
    public async Task H2a_KeepPolicyOnTheBaseType_AndADeletePolicyOnADerivedType_FailStartUp_NamingBoth()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(r => r
            .Keep<LeadFixDocument>(d => d.At, TimeSpan.FromDays(3650), statutory: true, category: "documents", legalBasis: "law")
            .Keep<LeadFixInvoiceDocument>(d => d.At, TimeSpan.FromDays(30), category: "invoices")));

        var failure = Assert.Single(error.Failures);
        Assert.Contains("'invoices'", failure, StringComparison.Ordinal);
        Assert.Contains("'documents'", failure, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task H2a_KeepPolicyOnADerivedType_AndADeletePolicyOnTheBaseType_FailStartUp_NamingBoth()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(r => r
            .Keep<LeadFixInvoiceDocument>(d => d.At, TimeSpan.FromDays(3650), statutory: true, category: "invoices", legalBasis: "law")
            .Keep<LeadFixDocument>(d => d.At, TimeSpan.FromDays(30), category: "documents")));

        var failure = Assert.Single(error.Failures);
        Assert.Contains("'documents'", failure, StringComparison.Ordinal);
        Assert.Contains("'invoices'", failure, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task H2a_AnonymizeAndDeletePolicies_OnOneEntityType_Start_AndBothApply()
    {
        await using var host = await StartAsync(r => r
            .Keep<LeadFixStamp>(s => s.UtcAt, TimeSpan.FromDays(30), category: "stamps-anonymize", configure: p => p.Anonymize(s => s.Note))
            .Keep<LeadFixStamp>(s => s.UtcAt, TimeSpan.FromDays(365), category: "stamps-delete"));
        long middle, young;
        await using (var db = host.CreateContext())
        {
            var rows = new[] { Stamp(Now.AddDays(-400)), Stamp(Now.AddDays(-60)), Stamp(Now.AddDays(-10)) };
            db.AddRange(rows);
            await db.SaveChangesAsync();
            (middle, young) = (rows[1].Id, rows[2].Id);
        }

        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        await using var check = host.CreateContext();
        var left = await check.Set<LeadFixStamp>().AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        Assert.Equal([middle, young], left.Select(s => s.Id));
        Assert.Equal([null, "note"], left.Select(s => s.Note));
        Assert.Equal(1, report.Entries.Single(e => e.Category == "stamps-delete").Purged);
    }

    // ---- H2b: a cascade dependent with a policy of its own keeps its principal until its own policy removes it.

    [SkippableFact]
    public async Task H2b_CascadeDependent_WithALongerDeletePolicy_KeepsItsParentUntilItExpires_ThenBothGoDependentsFirst()
    {
        var clock = new FakeTimeProvider(Now);
        await using var host = await StartAsync(
            r => r
                .Keep<LeadFixParent>(p => p.At, TimeSpan.FromDays(30), category: "parents")
                .Keep<LeadFixChild>(c => c.At, TimeSpan.FromDays(90), category: "z-children"),
            clock);
        long waiting, alone;
        await using (var db = host.CreateContext())
        {
            var parent = new LeadFixParent { At = Now.AddDays(-60), Children = { new LeadFixChild { At = Now.AddDays(-60), Note = "c" } } };
            var single = new LeadFixParent { At = Now.AddDays(-60) };
            db.AddRange(parent, single);
            await db.SaveChangesAsync();
            (waiting, alone) = (parent.Id, single.Id);
        }

        var first = await Retention(host).RunAsync();

        var parents = first.Entries.Single(e => e.Category == "parents");
        Assert.Equal((1L, 1L, 0L), (parents.Purged, parents.Failed, parents.Dependents));
        Assert.Equal(0, first.Entries.Single(e => e.Category == "z-children").Purged);
        Assert.Contains(first.Errors, e => e.StartsWith("parents:", StringComparison.Ordinal) && e.Contains("LeadFixChild", StringComparison.Ordinal) && e.Contains("restrict", StringComparison.Ordinal));
        await using (var check = host.CreateContext())
        {
            Assert.Equal([waiting], await check.Set<LeadFixParent>().Select(p => p.Id).ToListAsync());
            Assert.Equal(1, await check.Set<LeadFixChild>().CountAsync());
            Assert.NotEqual(waiting, alone);
        }

        clock.Advance(TimeSpan.FromDays(40));
        var dry = await Retention(host).DryRunAsync();
        var second = await Retention(host).RunAsync();

        Assert.Equal(["z-children", "parents"], dry.Entries.Select(e => e.Category));
        Assert.Equal([1L, 1L], dry.Entries.Select(e => e.Purged)); // the parent counts as going once its child's policy has run

        Assert.True(second.Status == RetentionRunStatus.Completed, string.Join("\n", second.Errors));
        Assert.Equal(["z-children", "parents"], second.Entries.Select(e => e.Category));
        Assert.Equal([1L, 1L], second.Entries.Select(e => e.Purged));
        await using (var check = host.CreateContext())
        {
            Assert.Equal(0, await check.Set<LeadFixParent>().CountAsync());
            Assert.Equal(0, await check.Set<LeadFixChild>().CountAsync());
        }
    }

    [SkippableFact]
    public async Task H2b_CascadeDependent_UnderAKeepPolicy_IsNeverDeletedByItsParentsPurge()
    {
        await using var host = await StartAsync(r => r
            .Keep<LeadFixParent>(p => p.At, TimeSpan.FromDays(30), category: "parents")
            .Keep<LeadFixChild>(c => c.At, TimeSpan.FromDays(3650), statutory: true, category: "children", legalBasis: "law"));
        await using (var db = host.CreateContext())
        {
            db.Add(new LeadFixParent { At = Now.AddDays(-400), Children = { new LeadFixChild { At = Now.AddDays(-400) } } });
            await db.SaveChangesAsync();
        }

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        Assert.Equal(0, dry.Entries.Single(e => e.Category == "parents").Purged);
        var parents = report.Entries.Single(e => e.Category == "parents");
        Assert.Equal((0L, 1L, 0L), (parents.Purged, parents.Failed, parents.Dependents));
        Assert.Contains(report.Errors, e => e.StartsWith("parents:", StringComparison.Ordinal) && e.Contains("restrict", StringComparison.Ordinal));
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Set<LeadFixParent>().CountAsync());
        Assert.Equal(1, await check.Set<LeadFixChild>().CountAsync());
    }

    [SkippableFact]
    public async Task H2b_CascadeDependent_WhoseOnlyPolicyIsAnonymize_IsStillDeletedWithItsParent()
    {
        await using var host = await StartAsync(r => r
            .Keep<LeadFixParent>(p => p.At, TimeSpan.FromDays(30), category: "parents")
            .Keep<LeadFixChild>(c => c.At, TimeSpan.FromDays(90), category: "children", configure: p => p.Anonymize(c => c.Note)));
        await using (var db = host.CreateContext())
        {
            db.Add(new LeadFixParent { At = Now.AddDays(-60), Children = { new LeadFixChild { At = Now.AddDays(-10), Note = "young" } } });
            await db.SaveChangesAsync();
        }

        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        var parents = report.Entries.Single(e => e.Category == "parents");
        Assert.Equal((1L, 0L, 1L), (parents.Purged, parents.Failed, parents.Dependents));
        await using var check = host.CreateContext();
        Assert.Equal(0, await check.Set<LeadFixParent>().CountAsync());
        Assert.Equal(0, await check.Set<LeadFixChild>().CountAsync());
    }

    [SkippableFact]
    public async Task H2b_SelfReferencingCascade_UnderOnePolicy_ExpiredChainsGoLeavesFirst_AndAYoungReplyKeepsItsParent()
    {
        await using var host = await StartAsync(r => r.Keep<LeadFixNode>(n => n.At, TimeSpan.FromDays(30), category: "nodes"));
        long root, young;
        await using (var db = host.CreateContext())
        {
            var first = new LeadFixNode { At = Now.AddDays(-100) };
            db.Add(first);
            await db.SaveChangesAsync();
            long? parent = first.Id;
            for (var i = 0; i < 2; i++)
            {
                var node = new LeadFixNode { ParentId = parent, At = Now.AddDays(-99 + i) };
                db.Add(node);
                await db.SaveChangesAsync();
                parent = node.Id;
            }

            var reply = new LeadFixNode { ParentId = first.Id, At = Now.AddDays(-5) };
            db.Add(reply);
            await db.SaveChangesAsync();
            (root, young) = (first.Id, reply.Id);
        }

        // Each node's own row decides (the same policy covers the type): the expired chain under the root goes, one level or more per
        // run, and the root waits for its young reply instead of taking it along.
        for (var run = 0; run < 3; run++)
        {
            var report = await Retention(host).RunAsync();
            Assert.Equal(RetentionRunStatus.Completed, report.Status);
        }

        await using var check = host.CreateContext();
        Assert.Equal([root, young], (await check.Set<LeadFixNode>().Select(n => n.Id).ToListAsync()).Order());
    }

    // ---- M6: a stored tenant choice outside the policy's current bounds is not applied.

    [SkippableFact]
    public async Task M6_StoredChoice_OutsideBoundsTightenedSince_IsNotApplied_TheTenantGetsTheDefault_AndTheReportSaysSo()
    {
        var keys = Directory.CreateTempSubdirectory("dataguard-leadfix-keys-").FullName;
        try
        {
            await ChoiceUnderTightenedBoundsAsync(keys);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    private async Task ChoiceUnderTightenedBoundsAsync(string keys)
    {
        string connectionString;
        await using (var wide = await StartAsync(r => TenantPolicy(r, (TimeSpan.FromDays(10), null)), keysDirectory: keys))
        {
            connectionString = wide.ConnectionString;
            await Retention(wide).SetTenantPeriodAsync("a", "rows", TimeSpan.FromDays(20), "admin"); // below the later minimum
            await Retention(wide).SetTenantPeriodAsync("b", "rows", TimeSpan.FromDays(200), "admin"); // inside both
        }

        await using var host = await StartAsync(r => TenantPolicy(r, (TimeSpan.FromDays(100), TimeSpan.FromDays(400))), connectionString: connectionString, keysDirectory: keys);
        await SeedTenantRowsAsync(host);

        await AssertChoiceOfAIgnoredAsync(host);
    }

    [SkippableFact]
    public async Task M6_StoredChoice_EditedToIndefinite_UnderABoundedMaximum_IsNotApplied()
    {
        await using var host = await StartAsync(r => TenantPolicy(r, (TimeSpan.FromDays(100), TimeSpan.FromDays(400))));
        await Retention(host).SetTenantPeriodAsync("b", "rows", TimeSpan.FromDays(200), "admin");
        await using (var db = host.CreateContext())
        {
            db.Set<DataGuardRetentionChoiceEntity>().Add(new DataGuardRetentionChoiceEntity { TenantId = "a", Category = "rows", PeriodTicks = null, ChosenBy = "sql", ChosenAtMicros = 0 });
            await db.SaveChangesAsync();
        }

        await SeedTenantRowsAsync(host);

        await AssertChoiceOfAIgnoredAsync(host);
    }

    // ---- M7: hooks run audited; the run's own statements are not.

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task M7_ReadOfPersonalData_ByAHookOrACustomArchive_IsAudited_WhileTheRunsOwnDeletesWriteNoDeleteRecord(bool archive)
    {
        var reads = new ConcurrentQueue<int>();
        await using var host = await TestHost<LeadFixDbContext>.StartAsync(
            Database,
            configure: dg => dg.AddAudit(o => o.WriteMode = AuditWriteMode.Synchronous).AddRetention(r =>
            {
                r.Keep<LeadFixPerson>(p => p.At, TimeSpan.FromDays(30), category: "people", configure: p =>
                {
                    if (archive)
                    {
                        p.Archive();
                    }
                });
                r.Configure(o => o.RunOnSchedule = false);
            }),
            services: s =>
            {
                s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
                if (archive)
                {
                    s.Replace(ServiceDescriptor.Singleton<IRetentionArchive>(sp => new LeadFixReadingArchive(sp.GetRequiredService<IDbContextFactory<LeadFixDbContext>>(), reads)));
                }
                else
                {
                    s.AddSingleton<IRetentionHook<LeadFixPerson>>(sp => new LeadFixReadingHook(sp.GetRequiredService<IDbContextFactory<LeadFixDbContext>>(), reads));
                }
            });
        await using (var db = host.CreateContext())
        {
            db.AddRange(
                new LeadFixPerson { Email = "a@example.com", At = Now.AddDays(-60) },
                new LeadFixPerson { Email = "b@example.com", At = Now.AddDays(-50) },
                new LeadFixPerson { Email = "c@example.com", At = Now.AddDays(-5) });
            await db.SaveChangesAsync();
        }

        var trail = host.Services.GetRequiredService<IAuditTrail>();
        var before = await ReadAllAsync(trail);
        var report = await Retention(host).RunAsync();
        await trail.FlushAsync();
        var records = (await ReadAllAsync(trail)).Skip(before.Count).ToList();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        Assert.Equal(2, report.Entries.Single().Purged);
        Assert.Equal([3], reads);
        var read = Assert.Single(records, r => r.Event.Action == AuditActions.Read);
        Assert.Equal((3, nameof(LeadFixPerson)), (read.Event.Count, read.Event.Resource));
        Assert.DoesNotContain(records, r => r.Event.Action == AuditActions.Delete);
        Assert.Contains(records, r => r.Event.Action == AuditActions.RetentionPurge);
        await using var check = host.CreateContext();
        Assert.Equal(["c@example.com"], await check.Set<LeadFixPerson>().Select(p => p.Email).ToListAsync());
    }

    private static LeadFixStamp Stamp(DateTimeOffset at) => new() { BinaryAt = at, LongAt = at, UtcAt = at, RawAt = at.ToUniversalTime(), Note = "note" };

    private static void Act(RetentionPolicyBuilder<LeadFixStamp> policy, RetentionAction action)
    {
        switch (action)
        {
            case RetentionAction.Anonymize:
                policy.Anonymize(s => s.Note);
                break;
            case RetentionAction.Archive:
                policy.Archive();
                break;
            default:
                policy.Delete();
                break;
        }
    }

    private static RetentionBuilder TenantPolicy(RetentionBuilder r, (TimeSpan Minimum, TimeSpan? Maximum) bounds)
        => r.Keep<LeadFixTenantRow>(t => t.At, TimeSpan.FromDays(365), tenantMayChoose: bounds, category: "rows");

    private static async Task SeedTenantRowsAsync(TestHost<LeadFixDbContext> host)
    {
        await using var db = host.CreateContext();
        foreach (var (tenant, days) in new[] { ("a", 60), ("a", 400), ("b", 100), ("b", 300), ("c", 60), ("c", 400) })
        {
            db.Add(new LeadFixTenantRow { TenantId = tenant, At = Now.AddDays(-days) });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Tenant a's choice is not applied (a is in the default group, 365 days), b's is (200 days); both the dry run and the run say so.
    /// </summary>
    private static async Task AssertChoiceOfAIgnoredAsync(TestHost<LeadFixDbContext> host)
    {
        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        foreach (var result in new[] { dry, report })
        {
            Assert.Equal([null, "b"], result.Entries.Select(e => e.TenantId));
            Assert.Equal([2L, 1L], result.Entries.Select(e => e.Purged)); // a and c at 400 days; b at 300 days
            Assert.Equal([TimeSpan.FromDays(365), TimeSpan.FromDays(200)], result.Entries.Select(e => e.Period));
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("rows:", error, StringComparison.Ordinal);
            Assert.Contains("1 stored tenant choices", error, StringComparison.Ordinal);
            Assert.DoesNotContain("'a'", error, StringComparison.Ordinal);
        }

        await using var check = host.CreateContext();
        var left = (await check.Set<LeadFixTenantRow>().AsNoTracking().ToListAsync()).Select(t => (t.TenantId, (int)Math.Round((Now - t.At).TotalDays))).Order().ToList();
        Assert.Equal([("a", 60), ("b", 100), ("c", 60)], left);
    }

    private static async Task<List<AuditRecord>> ReadAllAsync(IAuditTrail trail)
    {
        var result = new List<AuditRecord>();
        await foreach (var record in trail.ReadAsync(IAuditTrail.SystemStream))
        {
            result.Add(record);
        }

        return result;
    }

    private static IRetentionService Retention(TestHost<LeadFixDbContext> host) => host.Services.GetRequiredService<IRetentionService>();

    private Task<TestHost<LeadFixDbContext>> StartAsync(Func<RetentionBuilder, RetentionBuilder> policies, FakeTimeProvider? clock = null, string? connectionString = null, string? keysDirectory = null)
        => TestHost<LeadFixDbContext>.StartAsync(
            Database,
            connectionString,
            keysDirectory: keysDirectory,
            configure: dg => dg.AddRetention(r =>
            {
                policies(r);
                r.Configure(o =>
                {
                    o.RunOnSchedule = false;
                    o.BatchSize = 100;
                });
            }),
            services: s => s.AddSingleton<TimeProvider>(clock ?? new FakeTimeProvider(Now)));
}
