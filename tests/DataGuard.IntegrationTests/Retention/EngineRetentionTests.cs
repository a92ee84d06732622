// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.IntegrationTests.Tokenization;
using DataGuard.Retention;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>The retention engine over the EF model: actions, groups, holds, dependents, hooks, dry run, records, lease, bad input.</summary>
public abstract class EngineRetentionTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private const string Caller = "+919876543210";
    private const string OtherCaller = "+919812345678";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid TenantA = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid TenantB = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
    private static readonly Guid TenantC = Guid.Parse("cccccccc-0000-0000-0000-000000000003");

    protected TFixture Database { get; } = database;

    /// <summary>Gets the SQL that shows a list was sent as one collection parameter.</summary>
    protected abstract string CollectionParameterSql { get; }

    /// <summary>Gets whether the provider cannot compare an unconverted DateTimeOffset (SQLite).</summary>
    protected abstract bool RejectsRawDateTimeOffset { get; }

    [SkippableFact]
    public async Task Delete_RemovesExpiredRowsOnly_TheRowExactlyAtTheCutoffAndNullTimestampsStay()
    {
        var log = new EngineCommandLog();
        await using var host = await StartAsync(r => r.Keep<EngineEvent>(e => e.OccurredAt, TimeSpan.FromDays(30), category: "analytics"), log: log);
        var ids = await AddEventsAsync(host, Now.AddDays(-31), Now.AddDays(-30), Now.AddDays(-29), null, Now.AddDays(-30).AddTicks(-10));
        log.Clear();

        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        var entry = Assert.Single(report.Entries);
        Assert.Equal(2, entry.Purged);
        Assert.Equal(Now.AddDays(-30), entry.Cutoff);
        Assert.Equal([ids[1], ids[2], ids[3]], await EventIdsAsync(host));
        Assert.Equal(0, log.Materialized);
    }

    [SkippableFact]
    public async Task Delete_InBatches_OneStatementPerBatch_NoEntityLoaded()
    {
        var log = new EngineCommandLog();
        await using var host = await StartAsync(r => r.Keep<EngineEvent>(e => e.OccurredAt, TimeSpan.FromDays(30), category: "analytics"), log: log, batchSize: 1000);
        await using (var db = host.CreateContext())
        {
            db.Events.AddRange(Enumerable.Range(0, 2500).Select(i => new EngineEvent { OccurredAt = Now.AddDays(-40).AddMinutes(i).UtcDateTime, Name = "old" }));
            db.Events.AddRange(Enumerable.Range(0, 10).Select(i => new EngineEvent { OccurredAt = Now.AddDays(-1).UtcDateTime, Name = "new" }));
            await db.SaveChangesAsync();
        }

        log.Clear();
        var report = await Retention(host).RunAsync();

        Assert.Equal(2500, report.Entries.Single().Purged);
        var deletes = log.StartingWith("DELETE FROM \"EngineEvents\"");
        Assert.Equal(3, deletes.Length);
        Assert.All(deletes, d => Assert.Contains("LIMIT", d, StringComparison.Ordinal));
        Assert.Equal(0, log.Materialized);
        await using var check = host.CreateContext();
        Assert.Equal(10, await check.Events.CountAsync());
        Assert.All(await check.Events.ToListAsync(), e => Assert.Equal("new", e.Name));
    }

    [SkippableFact]
    public async Task Anonymize_SetsMarkersAndNulls_ClearsTheBlindIndex_AndASecondRunChangesNothing()
    {
        await using var host = await StartAsync(r => r.Keep<EngineContact>(
            c => c.UpdatedAt,
            TimeSpan.FromDays(30),
            category: "contacts",
            configure: p => p.AnonymizeWith(c => c.Name, "[removed]").Anonymize(c => c.Phone)));
        await using (var db = host.CreateContext())
        {
            db.Contacts.Add(new EngineContact { TenantId = TenantA, UpdatedAt = Now.AddDays(-40), Name = "Asha", Phone = Caller, Kind = "old" });
            db.Contacts.Add(new EngineContact { TenantId = TenantA, UpdatedAt = Now.AddDays(-10), Name = "Ravi", Phone = OtherCaller, Kind = "new" });
            await db.SaveChangesAsync();
        }

        var first = await Retention(host).RunAsync();
        var second = await Retention(host).RunAsync();

        Assert.True(first.Status == RetentionRunStatus.Completed, string.Join("\n", first.Errors));
        Assert.Equal(1, first.Entries.Single().Purged);
        Assert.Equal(0, second.Entries.Single().Purged);
        await using var check = host.CreateContext();
        var index = BlindIndexName(check, typeof(EngineContact), nameof(EngineContact.Phone));
        var old = await check.Contacts.AsNoTracking().SingleAsync(c => c.Kind == "old");
        var young = await check.Contacts.AsNoTracking().SingleAsync(c => c.Kind == "new");
        Assert.Equal("[removed]", old.Name);
        Assert.Null(old.Phone);
        Assert.Equal("Ravi", young.Name);
        Assert.Equal(OtherCaller, young.Phone);
        Assert.Equal(1, await check.Contacts.CountAsync(c => EF.Property<string?>(c, index) != null));
        Assert.Equal(0, await check.Contacts.CountAsync(c => c.Kind == "old" && EF.Property<string?>(c, index) != null));
    }

    [SkippableFact]
    public async Task Archive_HandsStoredEncryptedValuesToTheArchive_ThenDeletesRowsAndDependents()
    {
        var archive = new EngineArchive();
        await using var host = await StartAsync(
            r => r.Keep<EngineCallLog>(c => c.StartedAt, TimeSpan.FromDays(365), category: "call-logs", configure: p => p.Archive()),
            services: s => s.Replace(ServiceDescriptor.Singleton<IRetentionArchive>(archive)));
        var (old1, old2, live) = await AddThreeCallsAsync(host);

        var report = await Retention(host).RunAsync();

        var entry = report.Entries.Single();
        Assert.Equal(2, entry.Purged);
        Assert.Equal(3, entry.Dependents); // two recordings and one owned meta row
        var rows = archive.Batches.SelectMany(b => b.Rows.Select(r => (Batch: b, Row: r))).ToList();
        Assert.Equal(2, rows.Count);
        var batch = rows[0].Batch;
        Assert.Equal("call-logs", batch.Category);
        Assert.Equal(report.RunId, batch.RunId);
        var callerColumn = batch.Columns.ToList().IndexOf(nameof(EngineCallLog.CallerNumber));
        var idColumn = batch.Columns.ToList().IndexOf(nameof(EngineCallLog.Id));
        Assert.True(callerColumn >= 0 && idColumn >= 0);
        Assert.Equal(new[] { old1, old2 }.Order(), rows.Select(r => Convert.ToInt64(r.Row[idColumn], System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.All(rows, r =>
        {
            var stored = Assert.IsType<string>(r.Row[callerColumn]);
            Assert.DoesNotContain("9876543210", stored, StringComparison.Ordinal);
        });
        await using var check = host.CreateContext();
        Assert.Equal([live], await check.Calls.Select(c => c.Id).ToListAsync());
        Assert.Equal(1, await check.Recordings.CountAsync());
    }

    [SkippableFact]
    public async Task Archive_Failing_StopsThePolicyForThisRun_KeepsTheRows_AndReportsTheRunFailed()
    {
        var archive = new EngineArchive { Fail = true };
        await using var host = await StartAsync(
            r => r.Keep<EngineCallLog>(c => c.StartedAt, TimeSpan.FromDays(365), category: "call-logs", configure: p => p.Archive())
                .Keep<EngineEvent>(e => e.OccurredAt, TimeSpan.FromDays(30), category: "analytics"),
            services: s => s.Replace(ServiceDescriptor.Singleton<IRetentionArchive>(archive)),
            batchSize: 1);
        await AddThreeCallsAsync(host);
        await AddCallsAsync(host, (TenantB, -500, null), (TenantB, -450, null));
        await AddEventsAsync(host, Now.AddDays(-60));

        var report = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.Failed, report.Status);
        Assert.Equal(1, archive.Calls); // the first failing batch stopped the policy: four expired rows, one attempt
        var entry = report.Entries.Single(e => e.Category == "call-logs");
        Assert.Equal(0, entry.Purged);
        Assert.Equal(1, entry.Failed);
        Assert.Contains(report.Errors, e => e.StartsWith("call-logs: IOException: the archive failed", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("call-logs: IOException: the policy failed", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Errors, e => e.Contains("disk full", StringComparison.Ordinal));
        Assert.Equal(1, report.Entries.Single(e => e.Category == "analytics").Purged);
        await using var check = host.CreateContext();
        Assert.Equal(5, await check.Calls.CountAsync());
        Assert.Equal(3, await check.Recordings.CountAsync());
        var run = await check.Set<DataGuard.EFCore.Retention.DataGuardRetentionRunEntity>().AsNoTracking().SingleAsync();
        Assert.Equal("failed", run.Status);

        archive.Fail = false;
        var next = await Retention(host).RunAsync();
        Assert.Equal(RetentionRunStatus.Completed, next.Status);
        Assert.Equal(4, next.Entries.Single(e => e.Category == "call-logs").Purged);
        Assert.Equal(1, await check.Calls.CountAsync());
    }

    [SkippableFact]
    public async Task Keep_Statutory_CountsExpiredRowsAsKept_AndDeletesNothing()
    {
        await using var host = await StartAsync(r => r.Keep<EngineInvoice>(i => i.IssuedAt, TimeSpan.FromDays(7 * 365), statutory: true, category: "invoices", legalBasis: "Tax code 147"));
        await using (var db = host.CreateContext())
        {
            db.Invoices.AddRange(
                new EngineInvoice { IssuedAt = Now.AddYears(-9).UtcDateTime, Amount = 1 },
                new EngineInvoice { IssuedAt = Now.AddYears(-8).UtcDateTime, Amount = 2 },
                new EngineInvoice { IssuedAt = Now.AddYears(-1).UtcDateTime, Amount = 3 });
            await db.SaveChangesAsync();
        }

        var report = await Retention(host).RunAsync();

        var entry = report.Entries.Single();
        Assert.Equal(RetentionAction.Keep, entry.Action);
        Assert.Equal(2, entry.Kept);
        Assert.Equal(0, entry.Purged);
        await using var check = host.CreateContext();
        Assert.Equal(3, await check.Invoices.CountAsync());
        var description = Retention(host).Policies.Single();
        Assert.True(description.Statutory);
        Assert.Equal("Tax code 147", description.LegalBasis);
    }

    [SkippableFact]
    public async Task TenantChoices_EachTenantWithAChoiceIsItsOwnGroup_TheDefaultGroupExcludesThem()
    {
        await using var host = await StartAsync(r => r.Keep<EngineTranscript>(
            t => t.CreatedAt, TimeSpan.FromDays(365), tenantMayChoose: (TimeSpan.FromDays(30), null), category: "transcripts"));
        var retention = Retention(host);
        await retention.SetTenantPeriodAsync(TenantA.ToString(), "transcripts", TimeSpan.FromDays(30), "admin");
        await retention.SetTenantPeriodAsync(TenantB.ToString(), "transcripts", null, "admin");
        await using (var db = host.CreateContext())
        {
            foreach (var tenant in new[] { TenantA, TenantB, TenantC })
            {
                db.Transcripts.Add(new EngineTranscript { TenantId = tenant, CreatedAt = Now.AddDays(-40).UtcDateTime, Text = "forty" });
                db.Transcripts.Add(new EngineTranscript { TenantId = tenant, CreatedAt = Now.AddDays(-400).UtcDateTime, Text = "four hundred" });
            }

            await db.SaveChangesAsync();
        }

        var report = await retention.RunAsync();

        Assert.Equal([null, TenantA.ToString(), TenantB.ToString()], report.Entries.Select(e => e.TenantId));
        Assert.Equal([1L, 2L, 0L], report.Entries.Select(e => e.Purged));
        Assert.Null(report.Entries[2].Cutoff);
        await using var check = host.CreateContext();
        var left = await check.Transcripts.AsNoTracking().ToListAsync();
        Assert.DoesNotContain(left, t => t.TenantId == TenantA);
        Assert.Equal(2, left.Count(t => t.TenantId == TenantB));
        Assert.Equal(["forty"], left.Where(t => t.TenantId == TenantC).Select(t => t.Text));
    }

    [SkippableFact]
    public async Task TenantHold_ProtectsTheTenantsRows_AndIsCountedAsHeldBack()
    {
        await using var host = await StartAsync(CallPolicy);
        await AddCallsAsync(host, (TenantA, -400, Caller), (TenantB, -400, OtherCaller), (TenantB, -10, OtherCaller));
        await Holds(host).PlaceOnTenantAsync(TenantA.ToString(), Details());

        var report = await Retention(host).RunAsync();

        var entry = report.Entries.Single();
        Assert.Equal(1, entry.Purged);
        Assert.Equal(1, entry.HeldBack);
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Calls.CountAsync(c => c.TenantId == TenantA));
        Assert.Equal(1, await check.Calls.CountAsync(c => c.TenantId == TenantB));
    }

    [SkippableFact]
    public async Task SubjectHold_GivenInNationalForm_MatchesTheStoredE164Number_InOneCollectionParameter()
    {
        var log = new EngineCommandLog();
        await using var host = await StartAsync(CallPolicy, log: log);
        await AddCallsAsync(host, (TenantA, -400, Caller), (TenantA, -400, OtherCaller), (TenantA, -400, null), (TenantB, -400, Caller));
        await Holds(host).PlaceOnSubjectAsync("098765 43210", Details());
        log.Clear();

        var report = await Retention(host).RunAsync();

        Assert.Equal(2, report.Entries.Single().Purged);
        Assert.Equal(2, report.Entries.Single().HeldBack);
        await using var check = host.CreateContext();
        var left = await check.Calls.AsNoTracking().ToListAsync();
        Assert.Equal(2, left.Count);
        Assert.All(left, c => Assert.Equal(Caller, c.CallerNumber));
        var selects = log.Commands.Where(c => c.Contains("\"EngineCalls\"", StringComparison.Ordinal) && c.Contains(CollectionParameterSql, StringComparison.Ordinal)).ToList();
        Assert.True(selects.Count > 0, string.Join("\n", log.Commands));
    }

    [SkippableFact]
    public async Task SubjectHold_LimitedToATenant_ProtectsOnlyThatTenantsRows()
    {
        await using var host = await StartAsync(CallPolicy);
        await AddCallsAsync(host, (TenantA, -400, Caller), (TenantB, -400, Caller));
        await Holds(host).PlaceOnSubjectAsync(Caller, Details(TenantA.ToString()));

        await Retention(host).RunAsync();

        await using var check = host.CreateContext();
        Assert.Equal([TenantA], await check.Calls.Select(c => c.TenantId).ToListAsync());
    }

    [SkippableFact]
    public async Task RecordHold_ProtectsTheRow_UntilItExpiresOrIsLifted()
    {
        var clock = new FakeTimeProvider(Now);
        await using var host = await StartAsync(CallPolicy, clock: clock);
        var ids = await AddCallsAsync(host, (TenantA, -400, Caller), (TenantA, -400, OtherCaller), (TenantA, -400, null));
        var expiring = await Holds(host).PlaceOnRecordAsync(typeof(EngineCallLog), ids[0], Details(expiresAt: Now.AddDays(2)));
        var lifted = await Holds(host).PlaceOnRecordAsync(typeof(EngineCallLog), ids[1], Details());

        var first = await Retention(host).RunAsync();
        Assert.Equal(1, first.Entries.Single().Purged);
        Assert.Equal(new[] { ids[0], ids[1] }, await CallIdsAsync(host));

        Assert.True(await Holds(host).LiftAsync(lifted.Id, "legal", "case closed"));
        var second = await Retention(host).RunAsync();
        Assert.Equal(1, second.Entries.Single().Purged);
        Assert.Equal(new[] { ids[0] }, await CallIdsAsync(host));

        clock.Advance(TimeSpan.FromDays(3));
        var third = await Retention(host).RunAsync();
        Assert.Equal(1, third.Entries.Single().Purged);
        Assert.Empty(await CallIdsAsync(host));
        Assert.NotEqual(Guid.Empty, expiring.Id);
    }

    [SkippableFact]
    public async Task Dependents_CascadeSetNullAndOwnedTables_AreHandledFirst_AndCounted()
    {
        await using var host = await StartAsync(CallPolicy);
        var (old1, old2, live) = await AddThreeCallsAsync(host);
        await using (var db = host.CreateContext())
        {
            db.CallTags.AddRange(new EngineCallTag { CallLogId = old1, Label = "old" }, new EngineCallTag { CallLogId = live, Label = "live" });
            (await db.Calls.SingleAsync(c => c.Id == old2)).Legs.AddRange([new EngineCallLeg { Carrier = "a" }, new EngineCallLeg { Carrier = "b" }]);
            (await db.Calls.SingleAsync(c => c.Id == live)).Legs.Add(new EngineCallLeg { Carrier = "c" });
            await db.SaveChangesAsync();
        }

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        Assert.Equal(2, report.Entries.Single().Purged);
        Assert.Equal(6, report.Entries.Single().Dependents);

        // The dry run counts them too: two cascade recordings, one owned meta row and two owned legs (their own tables), one tag to detach.
        Assert.True(dry.Errors.Count == 0, string.Join("\n", dry.Errors));
        Assert.Equal((2L, 6L), (dry.Entries.Single().Purged, dry.Entries.Single().Dependents));
        await using var check = host.CreateContext();
        Assert.Equal([live], await check.Calls.Select(c => c.Id).ToListAsync());
        Assert.Equal([live], await check.Recordings.Select(r => r.CallLogId).ToListAsync());
        Assert.Equal(0, await CountRowsAsync(check, "EngineCallMeta"));
        Assert.Equal(1, await CountRowsAsync(check, "EngineCallLegs"));
        var tags = await check.CallTags.AsNoTracking().OrderBy(t => t.Label).ToListAsync();
        Assert.Equal([("live", (long?)live), ("old", null)], tags.Select(t => (t.Label, t.CallLogId)));
        Assert.NotEqual(old1, old2);
    }

    [SkippableFact]
    public async Task Dependents_RestrictingDependentUnderAHold_HoldsTheParentBack_NotFailed()
    {
        await using var host = await StartAsync(r => r.Keep<EngineTranscript>(t => t.CreatedAt, TimeSpan.FromDays(365), category: "transcripts"));
        long held, blocked;
        await using (var db = host.CreateContext())
        {
            var withHeldNote = new EngineTranscript { TenantId = TenantA, CreatedAt = Now.AddDays(-400).UtcDateTime, Text = "held" };
            var withNote = new EngineTranscript { TenantId = TenantA, CreatedAt = Now.AddDays(-400).UtcDateTime, Text = "noted" };
            db.Transcripts.AddRange(withHeldNote, withNote, new EngineTranscript { TenantId = TenantA, CreatedAt = Now.AddDays(-400).UtcDateTime, Text = "plain" });
            await db.SaveChangesAsync();
            var heldNote = new EngineTranscriptNote { TranscriptId = withHeldNote.Id, Text = "see court file" };
            db.TranscriptNotes.AddRange(heldNote, new EngineTranscriptNote { TranscriptId = withNote.Id, Text = "open question" });
            await db.SaveChangesAsync();
            await host.Services.GetRequiredService<ILegalHoldService>().PlaceOnRecordAsync(
                typeof(EngineTranscriptNote), heldNote.Id, new LegalHoldDetails { Reason = "case 7", PlacedBy = "counsel" });
            (held, blocked) = (withHeldNote.Id, withNote.Id);
        }

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        // The held note keeps its transcript: held back. The unheld note still restricts its transcript's deletion: failed, with the error.
        Assert.Equal((1L, 1L, 1L), (report.Entries.Single().Purged, report.Entries.Single().HeldBack, report.Entries.Single().Failed));
        Assert.Equal((1L, 1L, 1L), (dry.Entries.Single().Purged, dry.Entries.Single().HeldBack, dry.Entries.Single().Failed));
        Assert.Contains(report.Errors, e => e.StartsWith("transcripts: 1 rows skipped", StringComparison.Ordinal));
        await using var check = host.CreateContext();
        Assert.Equal(new[] { held, blocked }.Order(), (await check.Transcripts.Select(t => t.Id).ToListAsync()).Order());

        // Once the hold is lifted the transcript is blocked by its note like any other: failed, not held back.
        await using (var db = host.CreateContext())
        {
            await db.TranscriptNotes.Where(n => n.TranscriptId == blocked).ExecuteDeleteAsync();
        }

        var holds = host.Services.GetRequiredService<ILegalHoldService>();
        foreach (var hold in await holds.GetActiveAsync())
        {
            await holds.LiftAsync(hold.Id, "counsel", "case closed");
        }

        var after = await Retention(host).RunAsync();
        Assert.Equal((1L, 0L, 1L), (after.Entries.Single().Purged, after.Entries.Single().HeldBack, after.Entries.Single().Failed));
    }

    [SkippableFact]
    public async Task Dependents_RestrictingDependentUnderAHoldThatCannotBeMatched_LeavesTheParentCountedAsFailed_AndTheRunCompletes()
    {
        // A record hold on the note whose key is not a number cannot be matched on the notes' table: the parent it might cover is not
        // purged anyway (its note restricts it), so the count fails closed to "failed" instead of failing the policy.
        await using var host = await StartAsync(r => r.Keep<EngineTranscript>(t => t.CreatedAt, TimeSpan.FromDays(365), category: "transcripts"));
        await using (var db = host.CreateContext())
        {
            var noted = new EngineTranscript { TenantId = TenantA, CreatedAt = Now.AddDays(-400).UtcDateTime, Text = "noted" };
            db.Transcripts.AddRange(noted, new EngineTranscript { TenantId = TenantA, CreatedAt = Now.AddDays(-400).UtcDateTime, Text = "plain" });
            await db.SaveChangesAsync();
            db.TranscriptNotes.Add(new EngineTranscriptNote { TranscriptId = noted.Id, Text = "see court file" });
            db.Set<DataGuard.EFCore.Retention.DataGuardLegalHoldEntity>().Add(new DataGuard.EFCore.Retention.DataGuardLegalHoldEntity
            {
                Id = Guid.NewGuid(),
                Scope = (int)LegalHoldScope.Record,
                EntityType = typeof(EngineTranscriptNote).FullName,
                RecordKey = "not-a-number",
                Reason = "litigation",
                PlacedBy = "legal",
                PlacedAtMicros = DataGuard.EFCore.Retention.LegalHoldReader.ToMicros(Now),
            });
            await db.SaveChangesAsync();
        }

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        Assert.Equal((1L, 0L, 1L), (report.Entries.Single().Purged, report.Entries.Single().HeldBack, report.Entries.Single().Failed));
        Assert.Equal((1L, 0L, 1L), (dry.Entries.Single().Purged, dry.Entries.Single().HeldBack, dry.Entries.Single().Failed));
    }

    [SkippableFact]
    public async Task Dependents_Restrict_SkipsTheParent_AndReportsItAsFailed()
    {
        await using var host = await StartAsync(r => r.Keep<EngineTranscript>(t => t.CreatedAt, TimeSpan.FromDays(365), category: "transcripts"));
        long noted;
        await using (var db = host.CreateContext())
        {
            var withNote = new EngineTranscript { TenantId = TenantA, CreatedAt = Now.AddDays(-400).UtcDateTime, Text = "noted" };
            db.Transcripts.AddRange(withNote, new EngineTranscript { TenantId = TenantA, CreatedAt = Now.AddDays(-400).UtcDateTime, Text = "plain" });
            await db.SaveChangesAsync();
            db.TranscriptNotes.Add(new EngineTranscriptNote { TranscriptId = withNote.Id, Text = "see court file" });
            await db.SaveChangesAsync();
            noted = withNote.Id;
        }

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        Assert.Equal(1, report.Entries.Single().Purged);
        Assert.Equal(1, report.Entries.Single().Failed);
        Assert.Contains(report.Errors, e => e.StartsWith("transcripts:", StringComparison.Ordinal) && e.Contains(nameof(EngineTranscriptNote), StringComparison.Ordinal));
        Assert.Equal(RetentionRunStatus.Completed, report.Status);
        Assert.Equal((1L, 1L), (dry.Entries.Single().Purged, dry.Entries.Single().Failed));
        await using var check = host.CreateContext();
        Assert.Equal([noted], await check.Transcripts.Select(t => t.Id).ToListAsync());
    }

    [SkippableFact]
    public async Task Hook_RetainedRowsStay_AreReported_AndTheNextRunRetriesThem()
    {
        var hook = new EngineCallHook();
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IRetentionHook<EngineCallLog>>(hook), batchSize: 2);
        var ids = await AddCallsAsync(host, (TenantA, -400, Caller), (TenantA, -399, OtherCaller), (TenantA, -398, null), (TenantA, -10, null));
        hook.Retain.Add(ids[1]);

        var first = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.Completed, first.Status);
        Assert.Equal(2, first.Entries.Single().Purged);
        Assert.Equal(1, first.Entries.Single().Failed);
        Assert.Contains(first.Errors, e => e.Contains("file locked", StringComparison.Ordinal));
        Assert.Equal(new[] { ids[1], ids[3] }, await CallIdsAsync(host));
        Assert.Equal(new[] { ids[0], ids[1], ids[2] }, hook.Seen.Order());

        hook.Retain.Clear();
        var second = await Retention(host).RunAsync();
        Assert.Equal(1, second.Entries.Single().Purged);
        Assert.Equal(new[] { ids[3] }, await CallIdsAsync(host));
    }

    [SkippableFact]
    public async Task Hook_Throwing_KeepsTheBatch_AndReportsOnlyTheExceptionType()
    {
        var hook = new EngineCallHook { Throw = true };
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IRetentionHook<EngineCallLog>>(hook));
        await AddCallsAsync(host, (TenantA, -400, Caller), (TenantA, -399, OtherCaller));

        var report = await Retention(host).RunAsync();

        Assert.Equal(0, report.Entries.Single().Purged);
        Assert.Equal(2, report.Entries.Single().Failed);
        Assert.Contains(report.Errors, e => e.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
        Assert.DoesNotContain(report.Errors, e => e.Contains("secret", StringComparison.Ordinal) || e.Contains("9876", StringComparison.Ordinal));
        Assert.Equal(2, (await CallIdsAsync(host)).Length);
    }

    [SkippableFact]
    public async Task DryRun_ChangesNothing_AndItsCountsMatchTheRealRun()
    {
        var sink = new CapturingAuditSink();
        await using var host = await StartAsync(
            r => CallPolicy(r)
                .Keep<EngineEvent>(e => e.OccurredAt, TimeSpan.FromDays(30), category: "analytics")
                .Keep<EngineInvoice>(i => i.IssuedAt, TimeSpan.FromDays(365), statutory: true, category: "invoices", legalBasis: "law")
                .Keep<EngineContact>(c => c.UpdatedAt, TimeSpan.FromDays(30), category: "contacts", configure: p => p.AnonymizeWith(c => c.Name, "[x]").Anonymize(c => c.Phone)),
            services: s => s.Replace(ServiceDescriptor.Singleton<IAuditSink>(sink)));
        await AddThreeCallsAsync(host);
        await AddCallsAsync(host, (TenantB, -500, Caller));
        await AddEventsAsync(host, Now.AddDays(-60), Now.AddDays(-1));
        await using (var db = host.CreateContext())
        {
            db.Invoices.Add(new EngineInvoice { IssuedAt = Now.AddYears(-3).UtcDateTime, Amount = 5 });
            db.Contacts.Add(new EngineContact { TenantId = TenantA, UpdatedAt = Now.AddDays(-60), Name = "A", Phone = OtherCaller });
            db.Contacts.Add(new EngineContact { TenantId = TenantB, UpdatedAt = Now.AddDays(-60), Name = "B", Phone = Caller });
            await db.SaveChangesAsync();
        }

        await Holds(host).PlaceOnSubjectAsync(Caller, Details());
        var before = await SnapshotAsync(host);

        var dry = await Retention(host).DryRunAsync();

        Assert.True(dry.DryRun);
        Assert.Equal(before, await SnapshotAsync(host));
        Assert.DoesNotContain(sink.Events, e => e.Action == AuditActions.RetentionPurge);
        await using (var db = host.CreateContext())
        {
            Assert.Equal(0, await db.Set<DataGuard.EFCore.Retention.DataGuardRetentionRunEntity>().CountAsync());
        }

        var real = await Retention(host).RunAsync();

        Assert.Equal(
            dry.Entries.Select(e => (e.Category, e.TenantId, e.Purged, e.Dependents, e.HeldBack, e.Kept, e.Failed)),
            real.Entries.Select(e => (e.Category, e.TenantId, e.Purged, e.Dependents, e.HeldBack, e.Kept, e.Failed)));
        Assert.Equal(["analytics", "call-logs", "contacts", "invoices"], dry.Entries.Select(e => e.Category));
        Assert.Equal([1L, 2L, 1L, 0L], dry.Entries.Select(e => e.Purged));
        Assert.Equal([0L, 1L, 1L, 0L], dry.Entries.Select(e => e.HeldBack));
        Assert.Equal(1, dry.Entries[3].Kept);
    }

    [SkippableFact]
    public async Task RealRun_WritesARunRecord_AndOneAuditEventPerGroup()
    {
        var sink = new CapturingAuditSink();
        await using var host = await StartAsync(
            r => r.Keep<EngineEvent>(e => e.OccurredAt, TimeSpan.FromDays(30), category: "analytics"),
            services: s => s.Replace(ServiceDescriptor.Singleton<IAuditSink>(sink)),
            batchSize: 1);
        await AddEventsAsync(host, Now.AddDays(-60), Now.AddDays(-50), Now.AddDays(-1));

        var report = await Retention(host).RunAsync();

        await using var db = host.CreateContext();
        var run = await db.Set<DataGuard.EFCore.Retention.DataGuardRetentionRunEntity>().AsNoTracking().SingleAsync();
        Assert.Equal(report.RunId, run.Id);
        Assert.Equal("completed", run.Status);
        Assert.NotNull(run.EndedAtMicros);
        Assert.Contains("\"analytics\"", run.Report, StringComparison.Ordinal);
        Assert.Contains("\"purged\":2", run.Report, StringComparison.Ordinal);
        var audit = Assert.Single(sink.Events, e => e.Action == AuditActions.RetentionPurge);
        Assert.Equal("dataguard:retention", audit.ActorId);
        Assert.Equal("EngineEvents", audit.Resource);
        Assert.Equal(2, audit.Count);
        Assert.Equal(AuditOutcome.Success, audit.Outcome);
        Assert.Contains("category=analytics", audit.Properties);
        Assert.Contains("runId=" + report.RunId.ToString("D"), audit.Properties);
    }

    [SkippableFact]
    public async Task RealRun_MarksRunRecordsLeftRunningByAnEarlierOwner_AsAbandoned()
    {
        await using var host = await StartAsync(r => r.Keep<EngineEvent>(e => e.OccurredAt, TimeSpan.FromDays(30), category: "analytics"));
        var crashed = Guid.NewGuid();
        var ended = Guid.NewGuid();
        await using (var db = host.CreateContext())
        {
            // A run whose process died (its record still says running) and one that ended normally, both under older tokens.
            db.Set<DataGuard.EFCore.Retention.DataGuardRetentionRunEntity>().AddRange(
                new DataGuard.EFCore.Retention.DataGuardRetentionRunEntity { Id = crashed, Owner = "host-1", FencingToken = 0, StartedAtMicros = 1, Status = "running" },
                new DataGuard.EFCore.Retention.DataGuardRetentionRunEntity { Id = ended, Owner = "host-1", FencingToken = 0, StartedAtMicros = 1, EndedAtMicros = 2, Status = "completed" });
            await db.SaveChangesAsync();
        }

        var report = await Retention(host).RunAsync();

        await using var check = host.CreateContext();
        var runs = await check.Set<DataGuard.EFCore.Retention.DataGuardRetentionRunEntity>().AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Status);
        Assert.Equal("abandoned", runs[crashed]);
        Assert.Equal("completed", runs[ended]);
        Assert.Equal("completed", runs[report.RunId]);
    }

    [SkippableFact]
    public async Task Lease_HeldByAnotherInstance_SkipsTheRun_WithoutRecordOrChange()
    {
        await using var host = await StartAsync(r => r.Keep<EngineEvent>(e => e.OccurredAt, TimeSpan.FromDays(30), category: "analytics"));
        await AddEventsAsync(host, Now.AddDays(-60));
        await using (var db = host.CreateContext())
        {
            db.Set<DataGuard.EFCore.Retention.DataGuardLeaseEntity>().Add(new DataGuard.EFCore.Retention.DataGuardLeaseEntity
            {
                Name = "dataguard:retention",
                Owner = "other-instance",
                ExpiresAtMicros = (Now.AddHours(1).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10,
                FencingToken = 7,
            });
            await db.SaveChangesAsync();
        }

        var report = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.Skipped, report.Status);
        Assert.Empty(report.Entries);
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Events.CountAsync());
        Assert.Equal(0, await check.Set<DataGuard.EFCore.Retention.DataGuardRetentionRunEntity>().CountAsync());
        var lease = await check.Set<DataGuard.EFCore.Retention.DataGuardLeaseEntity>().AsNoTracking().SingleAsync();
        Assert.Equal(("other-instance", 7L), (lease.Owner, lease.FencingToken));
    }

    [SkippableFact]
    public async Task Lease_TakenOverMidRun_RollsThatBatchBack_AndStopsWithLeaseLost()
    {
        var hook = new EngineCallHook();
        TestHost<EngineDbContext>? current = null;
        hook.OnBatch = async batch =>
        {
            if (batch == 1)
            {
                await using var db = current!.CreateContext();
                await db.Set<DataGuard.EFCore.Retention.DataGuardLeaseEntity>().ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, "thief").SetProperty(l => l.FencingToken, l => l.FencingToken + 1));
            }
        };
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IRetentionHook<EngineCallLog>>(hook), batchSize: 1);
        current = host;
        await AddCallsAsync(host, (TenantA, -400, null), (TenantA, -399, null), (TenantA, -398, null));

        var report = await Retention(host).RunAsync();

        Assert.Equal(RetentionRunStatus.LeaseLost, report.Status);
        Assert.Equal(1, hook.Batches);
        Assert.Equal(3, (await CallIdsAsync(host)).Length); // the batch in progress renews the lease in its transaction: lost, rolled back
        await using var check = host.CreateContext();
        var run = await check.Set<DataGuard.EFCore.Retention.DataGuardRetentionRunEntity>().AsNoTracking().SingleAsync();
        Assert.Equal((report.RunId, "leaselost"), (run.Id, run.Status));
        Assert.NotNull(run.EndedAtMicros);
        Assert.Contains("\"purged\":0", run.Report, StringComparison.Ordinal);
        Assert.Equal("thief", (await check.Set<DataGuard.EFCore.Retention.DataGuardLeaseEntity>().AsNoTracking().SingleAsync()).Owner);
    }

    [SkippableFact]
    public async Task Cancellation_StopsBetweenBatches_AndMarksTheRunCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var hook = new EngineCallHook
        {
            OnBatch = batch =>
            {
                if (batch == 1)
                {
                    cancel.Cancel();
                }

                return Task.CompletedTask;
            },
        };
        await using var host = await StartAsync(CallPolicy, services: s => s.AddSingleton<IRetentionHook<EngineCallLog>>(hook), batchSize: 1);
        await AddCallsAsync(host, (TenantA, -400, null), (TenantA, -399, null), (TenantA, -398, null));

        var report = await Retention(host).RunAsync(cancel.Token);

        Assert.Equal(RetentionRunStatus.Cancelled, report.Status);
        Assert.Equal(1, report.Entries.Single().Purged);
        Assert.Equal(2, (await CallIdsAsync(host)).Length);
        await using var check = host.CreateContext();
        Assert.Equal("cancelled", (await check.Set<DataGuard.EFCore.Retention.DataGuardRetentionRunEntity>().AsNoTracking().SingleAsync()).Status);

        var next = await Retention(host).RunAsync();
        Assert.Equal(RetentionRunStatus.Completed, next.Status);
        Assert.Empty(await CallIdsAsync(host));
    }

    [SkippableFact]
    public async Task BadInput_UnknownEntityName_FailsStartUp_NamingTheCategoryAndTheName()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartAsync(r => r.Configure(o => o.Policies["ghosts"] = new RetentionPolicyOptions { Entity = "Ghost", Timestamp = "At", Period = TimeSpan.FromDays(1) })));

        Assert.Contains("'ghosts'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Ghost'", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task BadInput_TimestampOfTheWrongType_FailsStartUp()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartAsync(r => r.Configure(o => o.Policies["events"] = new RetentionPolicyOptions { Entity = nameof(EngineEvent), Timestamp = nameof(EngineEvent.Name), Period = TimeSpan.FromDays(1) })));

        Assert.Contains("'events'", error.Message, StringComparison.Ordinal);
        Assert.Contains("EngineEvent.Name", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task BadInput_RequiredPropertyWithoutMarker_FailsStartUp()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartAsync(r => r.Keep<EngineContact>(c => c.UpdatedAt, TimeSpan.FromDays(30), category: "contacts", configure: p => p.Anonymize(c => c.Name))));

        Assert.Contains("EngineContact.Name", error.Message, StringComparison.Ordinal);
        Assert.Contains("marker", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task BadInput_CompositeKeyWithArchive_FailsStartUp()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(
            r => r.Keep<EnginePair>(p => p.At, TimeSpan.FromDays(30), category: "pairs", configure: p => p.Archive()),
            services: s => s.Replace(ServiceDescriptor.Singleton<IRetentionArchive>(new EngineArchive()))));

        Assert.Contains("'pairs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("composite", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task BadInput_DateTimeOffsetWithoutUtcConversion_FailsStartUpWhereTheProviderCannotCompareIt()
    {
        if (RejectsRawDateTimeOffset)
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(r => r.Keep<EnginePair>(p => p.RawAt, TimeSpan.FromDays(30), category: "pairs")));
            Assert.Contains("'pairs'", error.Message, StringComparison.Ordinal);
            Assert.Contains(".IsUtcTimestamp()", error.Message, StringComparison.Ordinal);
        }
        else
        {
            await using var host = await StartAsync(r => r.Keep<EnginePair>(p => p.RawAt, TimeSpan.FromDays(30), category: "pairs"));
            var report = await Retention(host).DryRunAsync();
            Assert.Equal(RetentionRunStatus.Completed, report.Status);
        }
    }

    [SkippableFact]
    public async Task StartUp_ReportsEveryPolicyThatDoesNotFitTheModel_AtOnce_AndGoodPoliciesStart()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(r => CallPolicy(r)
            .Configure(o => o.Policies["ghosts"] = new RetentionPolicyOptions { Entity = "Ghost", Timestamp = "At", Period = TimeSpan.FromDays(1) })
            .Keep<EngineContact>(c => c.UpdatedAt, TimeSpan.FromDays(30), category: "contacts", configure: p => p.Anonymize(c => c.Name))));

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("'ghosts'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'contacts'", StringComparison.Ordinal) && f.Contains("EngineContact.Name", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("'call-logs'", StringComparison.Ordinal));

        await using var good = await StartAsync(r => CallPolicy(r)
            .Keep<EngineContact>(c => c.UpdatedAt, TimeSpan.FromDays(30), category: "contacts", configure: p => p.AnonymizeWith(c => c.Name, "[x]")));
        Assert.Equal(RetentionRunStatus.Completed, (await Retention(good).DryRunAsync()).Status);
    }

    [SkippableFact]
    public async Task StartUp_AContextWhoseCreationReadsTheRetentionOptions_DoesNotRecurse()
    {
        var created = 0;
        await using var host = await StartAsync(CallPolicy, services: s => s.AddScoped(sp =>
        {
            // The model check creates the context while the options are being validated: this read re-enters the validation.
            Assert.Single(sp.GetRequiredService<IOptions<RetentionOptions>>().Value.Policies);
            Interlocked.Increment(ref created);
            return sp.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContext();
        }));

        Assert.True(created >= 1);
        Assert.Equal(RetentionRunStatus.Completed, (await Retention(host).DryRunAsync()).Status);
    }

    [SkippableFact]
    public async Task StartUp_HookOnADependentDeletedByCascade_IsRefused_NamingBothTypesAndTheFix()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(
            CallPolicy,
            services: s => s.AddSingleton<IRetentionHook<EngineRecording>>(new EngineRecordingHook())));

        Assert.Contains("'call-logs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("IRetentionHook<EngineRecording>", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(EngineCallLog), error.Message, StringComparison.Ordinal);
        Assert.Contains("DeleteBehavior.Restrict", error.Message, StringComparison.Ordinal);

        // The same hook with an anonymize policy over the parent (no dependents deleted) is fine.
        await using var host = await StartAsync(
            r => r.Keep<EngineCallLog>(c => c.StartedAt, TimeSpan.FromDays(365), category: "call-logs", configure: p => p.Anonymize(c => c.CallerNumber)),
            services: s => s.AddSingleton<IRetentionHook<EngineRecording>>(new EngineRecordingHook()));
        Assert.Equal(RetentionRunStatus.Completed, (await Retention(host).DryRunAsync()).Status);
    }

    [SkippableFact]
    public async Task Order_ADependentTypesPolicyRunsBeforeItsPrincipals_TiesByCategory()
    {
        await using var host = await StartAsync(r => CallPolicy(r)
            .Keep<EngineRecording>(x => x.RecordedAt, TimeSpan.FromDays(90), category: "recordings")
            .Keep<EngineEvent>(e => e.OccurredAt, TimeSpan.FromDays(30), category: "analytics")
            .Keep<EngineInvoice>(i => i.IssuedAt, TimeSpan.FromDays(365), statutory: true, category: "invoices", legalBasis: "law"));
        var (_, _, live) = await AddThreeCallsAsync(host);
        await using (var db = host.CreateContext())
        {
            db.Recordings.Add(new EngineRecording { TenantId = TenantA, CallLogId = live, FilePath = "/rec/old", RecordedAt = Now.AddDays(-100) });
            await db.SaveChangesAsync();
        }

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        // "call-logs" sorts before "recordings", but recordings refer to call logs: they go first.
        Assert.Equal(["analytics", "invoices", "recordings", "call-logs"], dry.Entries.Select(e => e.Category));
        Assert.Equal(["analytics", "invoices", "recordings", "call-logs"], report.Entries.Select(e => e.Category));
        Assert.Equal(3, report.Entries.Single(e => e.Category == "recordings").Purged);
        Assert.Equal((2L, 1L), (report.Entries.Single(e => e.Category == "call-logs").Purged, report.Entries.Single(e => e.Category == "call-logs").Dependents)); // the owned meta row only
        await using var check = host.CreateContext();
        Assert.Equal([live], await check.Recordings.Select(r => r.CallLogId).ToListAsync());
    }

    [SkippableFact]
    public async Task Audit_TheInterceptorsStayQuiet_AndTheTrailGetsOneRetentionEventPerGroup()
    {
        await using var host = await StartAsync(CallPolicy, audit: true);
        await AddThreeCallsAsync(host);
        var trail = host.Services.GetRequiredService<IAuditTrail>();
        await trail.FlushAsync();
        var before = await AllRecordsAsync(trail);

        var report = await Retention(host).RunAsync();
        await trail.FlushAsync();

        var seen = before.Select(r => (r.Stream, r.Sequence)).ToHashSet();
        var during = (await AllRecordsAsync(trail)).Where(r => !seen.Contains((r.Stream, r.Sequence))).Select(r => r.Event).ToList();
        var purge = Assert.Single(during);
        Assert.Equal(AuditActions.RetentionPurge, purge.Action);
        Assert.Equal(2, purge.Count);
        Assert.Equal("EngineCalls", purge.Resource);
        Assert.Contains("dependents=3", purge.Properties);
        Assert.Equal(2, report.Entries.Single().Purged);
    }

    private static async Task<List<AuditRecord>> AllRecordsAsync(IAuditTrail trail)
    {
        var records = new List<AuditRecord>();
        foreach (var stream in await trail.GetStreamsAsync())
        {
            await foreach (var record in trail.ReadAsync(stream))
            {
                records.Add(record);
            }
        }

        return records;
    }

    [SkippableFact]
    public async Task Metrics_RowsPurgedAndRunDuration_AreRecordedWithTheirTags()
    {
        await using var host = await StartAsync(r => r.Keep<EngineEvent>(e => e.OccurredAt, TimeSpan.FromDays(30), category: "analytics"));
        await AddEventsAsync(host, Now.AddDays(-60), Now.AddDays(-50), Now.AddDays(-1));
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name.StartsWith("dataguard.retention.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.Start();

        await Retention(host).RunAsync();

        var purged = Assert.Single(measurements, m => m.Instrument == "dataguard.retention.rows_purged");
        Assert.Equal(2, purged.Value);
        Assert.Equal("analytics", purged.Tags["dataguard.retention.category"]);
        Assert.Equal("delete", purged.Tags["dataguard.retention.action"]);
        var duration = Assert.Single(measurements, m => m.Instrument == "dataguard.retention.run_duration");
        Assert.Equal("completed", duration.Tags["dataguard.outcome"]);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }

    private static async Task<int> CountRowsAsync(DbContext db, string table)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static RetentionBuilder CallPolicy(RetentionBuilder r) => r.Keep<EngineCallLog>(c => c.StartedAt, TimeSpan.FromDays(365), category: "call-logs");

    private static LegalHoldDetails Details(string? tenantId = null, DateTimeOffset? expiresAt = null)
        => new() { Reason = "litigation", PlacedBy = "legal", TenantId = tenantId, ExpiresAt = expiresAt };

    private static IRetentionService Retention(TestHost<EngineDbContext> host) => host.Services.GetRequiredService<IRetentionService>();

    private static ILegalHoldService Holds(TestHost<EngineDbContext> host) => host.Services.GetRequiredService<ILegalHoldService>();

    private static string BlindIndexName(DbContext db, Type type, string property)
        => db.Model.FindEntityType(type)!.GetProperties().Single(p => p.IsShadowProperty() && p.Name.Contains(property, StringComparison.Ordinal)).Name;

    private static async Task<long[]> EventIdsAsync(TestHost<EngineDbContext> host)
    {
        await using var db = host.CreateContext();
        return (await db.Events.Select(e => e.Id).ToListAsync()).Order().ToArray();
    }

    private static async Task<long[]> CallIdsAsync(TestHost<EngineDbContext> host)
    {
        await using var db = host.CreateContext();
        return (await db.Calls.Select(e => e.Id).ToListAsync()).Order().ToArray();
    }

    private static async Task<long[]> AddEventsAsync(TestHost<EngineDbContext> host, params DateTimeOffset?[] times)
    {
        await using var db = host.CreateContext();
        var events = times.Select((t, i) => new EngineEvent { OccurredAt = t?.UtcDateTime, Name = "e" + i }).ToList();
        db.Events.AddRange(events);
        await db.SaveChangesAsync();
        return events.Select(e => e.Id).ToArray();
    }

    private static async Task<long[]> AddCallsAsync(TestHost<EngineDbContext> host, params (Guid Tenant, int Days, string? Caller)[] calls)
    {
        await using var db = host.CreateContext();
        var rows = calls.Select(c => new EngineCallLog { TenantId = c.Tenant, StartedAt = Now.AddDays(c.Days), CallerNumber = c.Caller }).ToList();
        db.Calls.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToArray();
    }

    /// <summary>Two expired calls and a live one, each with a recording.</summary>
    private static async Task<(long Old1, long Old2, long Live)> AddThreeCallsAsync(TestHost<EngineDbContext> host)
    {
        await using var db = host.CreateContext();
        var calls = new[]
        {
            new EngineCallLog { TenantId = TenantA, StartedAt = Now.AddDays(-400), CallerNumber = OtherCaller, Meta = new EngineCallMeta { Channel = "sip" } },
            new EngineCallLog { TenantId = TenantA, StartedAt = Now.AddDays(-370), CallerNumber = "+919812300000" },
            new EngineCallLog { TenantId = TenantA, StartedAt = Now.AddDays(-10), CallerNumber = OtherCaller },
        };
        foreach (var call in calls)
        {
            call.Recordings.Add(new EngineRecording { TenantId = TenantA, FilePath = "/rec/" + Guid.NewGuid().ToString("N"), RecordedAt = call.StartedAt });
        }

        db.Calls.AddRange(calls);
        await db.SaveChangesAsync();
        return (calls[0].Id, calls[1].Id, calls[2].Id);
    }

    private static async Task<string> SnapshotAsync(TestHost<EngineDbContext> host)
    {
        await using var db = host.CreateContext();
        var calls = string.Join(",", (await db.Calls.AsNoTracking().ToListAsync()).OrderBy(c => c.Id).Select(c => c.Id + ":" + c.CallerNumber));
        var contacts = string.Join(",", (await db.Contacts.AsNoTracking().ToListAsync()).OrderBy(c => c.Id).Select(c => c.Id + ":" + c.Name + ":" + c.Phone));
        return $"{calls}|{contacts}|{await db.Recordings.CountAsync()}|{await db.Events.CountAsync()}|{await db.Invoices.CountAsync()}";
    }

    private Task<TestHost<EngineDbContext>> StartAsync(
        Func<RetentionBuilder, RetentionBuilder> policies,
        Action<IServiceCollection>? services = null,
        EngineCommandLog? log = null,
        int batchSize = 1000,
        FakeTimeProvider? clock = null,
        bool audit = false)
    {
        clock ??= new FakeTimeProvider(Now);
        return TestHost<EngineDbContext>.StartAsync(
            Database,
            configure: dg =>
            {
                dg.AddPhoneNumbers(p => p.DefaultRegion = "IN").AddRetention(r =>
                {
                    policies(r);
                    r.Configure(o =>
                    {
                        o.RunOnSchedule = false;
                        o.BatchSize = batchSize;
                    });
                });
                if (audit)
                {
                    dg.AddAudit();
                }
            },
            services: s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                services?.Invoke(s);
            },
            configureOptions: log is null ? null : o => o.AddInterceptors(log));
    }
}
