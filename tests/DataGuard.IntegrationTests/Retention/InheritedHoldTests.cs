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
/// Holds flow from principals to dependents: a recording (no phone number of its own) of a held caller's call, and the notes on it two
/// levels down, stay; a record hold on a call keeps its recordings; a null foreign key inherits nothing; lifting the hold lets them go.
/// </summary>
public abstract class InheritedHoldTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private const string HeldCaller = "+919876543210";
    private const string OtherCaller = "+919812345678";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected TFixture Database { get; } = database;

    [SkippableFact]
    public async Task SubjectHoldOnTheCaller_KeepsTheirRecordingsAndNotesTwoLevelsDown_WhileOtherExpiredRecordingsGo()
    {
        var hook = new InheritedHoldRecordingHook();
        await using var host = await StartAsync(hook);
        var seed = await SeedAsync(host);
        await Holds(host).PlaceOnSubjectAsync(HeldCaller, Details());

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        Assert.Equal((2L, 1L), Counts(dry, "recordings")); // the other caller's expired recording and the one without a call go; the held caller's stays
        Assert.Equal((2L, 1L), Counts(dry, "notes")); // the note on the held caller's recording is held through recording -> call
        Assert.Equal(Counts(dry, "recordings"), Counts(report, "recordings"));
        Assert.Equal(Counts(dry, "notes"), Counts(report, "notes"));
        await using var check = host.CreateContext();
        Assert.Equal(new[] { seed.HeldRecording, seed.YoungRecording }.Order(), (await check.Set<InheritedHoldRecording>().Select(r => r.Id).ToListAsync()).Order());
        Assert.Equal([seed.HeldNote], await check.Set<InheritedHoldRecordingNote>().Select(n => n.Id).ToListAsync());
        Assert.Equal(new[] { "other-old.wav", "orphan.wav" }.Order(), hook.DeletedFiles.Order());
        Assert.Equal(2, await check.Set<InheritedHoldCall>().CountAsync());
    }

    [SkippableFact]
    public async Task RecordHoldOnACall_KeepsItsRecordings_AndANullForeignKeyInheritsNothing()
    {
        var hook = new InheritedHoldRecordingHook();
        await using var host = await StartAsync(hook);
        var seed = await SeedAsync(host);
        await Holds(host).PlaceOnRecordAsync(typeof(InheritedHoldCall), seed.OtherCall, Details());

        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        Assert.Equal((2L, 1L), Counts(dry, "recordings")); // now the held caller's recording goes (no hold on them), the other's stays
        Assert.Equal(Counts(dry, "recordings"), Counts(report, "recordings"));
        Assert.Equal(Counts(dry, "notes"), Counts(report, "notes"));
        await using var check = host.CreateContext();
        var left = await check.Set<InheritedHoldRecording>().Select(r => r.Id).ToListAsync();
        Assert.Equal(new[] { seed.OtherRecording, seed.YoungRecording }.Order(), left.Order());
        Assert.DoesNotContain(seed.OrphanRecording, left);
        Assert.Equal(new[] { "held-old.wav", "orphan.wav" }.Order(), hook.DeletedFiles.Order());
    }

    [SkippableFact]
    public async Task LiftingTheHold_LetsTheRecordingsAndNotesGoOnTheNextRun()
    {
        var hook = new InheritedHoldRecordingHook();
        await using var host = await StartAsync(hook);
        var seed = await SeedAsync(host);
        var hold = await Holds(host).PlaceOnSubjectAsync(HeldCaller, Details());
        var first = await Retention(host).RunAsync();
        Assert.Equal(1L, Counts(first, "recordings").HeldBack);

        Assert.True(await Holds(host).LiftAsync(hold.Id, "legal", "case closed"));
        var dry = await Retention(host).DryRunAsync();
        var second = await Retention(host).RunAsync();

        Assert.True(second.Status == RetentionRunStatus.Completed, string.Join("\n", second.Errors));
        Assert.Equal((1L, 0L), Counts(dry, "recordings"));
        Assert.Equal((1L, 0L), Counts(second, "recordings"));
        Assert.Equal((1L, 0L), Counts(second, "notes"));
        await using var check = host.CreateContext();
        Assert.Equal([seed.YoungRecording], await check.Set<InheritedHoldRecording>().Select(r => r.Id).ToListAsync());
        Assert.Equal(0, await check.Set<InheritedHoldRecordingNote>().CountAsync());
        Assert.Contains("held-old.wav", hook.DeletedFiles);
    }

    [SkippableFact]
    public async Task InheritedHold_StaysInsideTheOneDeleteStatementOfTheBatch_WithOneParameterPerList()
    {
        var log = new EngineCommandLog();
        await using var host = await StartAsync(new InheritedHoldRecordingHook(), log, recordings: false);
        var seed = await SeedAsync(host);
        await Holds(host).PlaceOnSubjectAsync(HeldCaller, Details());
        await Holds(host).PlaceOnRecordAsync(typeof(InheritedHoldRecording), seed.OtherRecording, Details());
        log.Clear();

        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        Assert.Equal((1L, 2L), Counts(report, "notes")); // the note on the young recording goes; the held caller's (two levels up) and the held recording's stay
        var delete = Assert.Single(log.StartingWith("DELETE FROM \"InheritedHoldRecordingNotes\""));
        Assert.Contains("EXISTS", delete, StringComparison.Ordinal);
        Assert.Contains("\"InheritedHoldRecordings\"", delete, StringComparison.Ordinal);
        Assert.Contains("\"InheritedHoldCalls\"", delete, StringComparison.Ordinal);
        Assert.DoesNotContain(";", delete.TrimEnd().TrimEnd(';'), StringComparison.Ordinal);

        // One collection parameter (json_each on SQLite, an array on PostgreSQL) per list, never one per value: the record hold's keys
        // (recording) and the subject hold's candidates, once per path to the calls (note -> recording -> call, note -> call).
        Assert.Equal(3, CountOf(delete, Database.Provider == "sqlite" ? "json_each(" : "= ANY (@"));
        await using var check = host.CreateContext();
        Assert.Equal(new[] { seed.HeldNote, seed.OtherNote }.Order(), (await check.Set<InheritedHoldRecordingNote>().Select(n => n.Id).ToListAsync()).Order());
    }

    [SkippableFact]
    public async Task CascadeDependentOfAPurgedRecording_HeldThroughItsOtherPrincipal_KeepsThatRecording()
    {
        // No notes policy: notes go by cascade with their recording (a dependent with a policy of its own would block it instead).
        var hook = new InheritedHoldRecordingHook();
        await using var host = await StartAsync(hook, notes: false);
        var seed = await SeedAsync(host);
        long recording, note;
        await using (var db = host.CreateContext())
        {
            // The other caller's expired recording, with a young note about the held caller's call: the note is held through that call.
            var other = new InheritedHoldRecording { CallId = seed.OtherCall, FilePath = "other-about-held.wav", RecordedAt = Now.AddDays(-300) };
            db.Add(other);
            await db.SaveChangesAsync();
            var about = new InheritedHoldRecordingNote { RecordingId = other.Id, AboutCallId = seed.HeldCall, Text = "about", WrittenAt = Now.AddDays(-1) };
            db.Add(about);
            await db.SaveChangesAsync();
            (recording, note) = (other.Id, about.Id);
        }

        await Holds(host).PlaceOnSubjectAsync(HeldCaller, Details());
        var dry = await Retention(host).DryRunAsync();
        var report = await Retention(host).RunAsync();

        Assert.True(report.Status == RetentionRunStatus.Completed, string.Join("\n", report.Errors));
        Assert.Equal((2L, 2L), Counts(dry, "recordings")); // the held caller's, and the one whose note is about the held caller's call
        Assert.Equal(Counts(dry, "recordings"), Counts(report, "recordings"));
        Assert.Equal(1L, report.Entries.Single(e => e.Category == "recordings").Dependents); // the note on the other caller's old recording
        await using var check = host.CreateContext();
        Assert.Contains(recording, await check.Set<InheritedHoldRecording>().Select(r => r.Id).ToListAsync());
        Assert.Contains(note, await check.Set<InheritedHoldRecordingNote>().Select(n => n.Id).ToListAsync());
        Assert.DoesNotContain("other-about-held.wav", hook.DeletedFiles);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static (long Purged, long HeldBack) Counts(RetentionReport report, string category)
    {
        var entry = report.Entries.Single(e => e.Category == category);
        return (entry.Purged, entry.HeldBack);
    }

    private static LegalHoldDetails Details() => new() { Reason = "litigation", PlacedBy = "legal" };

    private static IRetentionService Retention(TestHost<InheritedHoldDbContext> host) => host.Services.GetRequiredService<IRetentionService>();

    private static ILegalHoldService Holds(TestHost<InheritedHoldDbContext> host) => host.Services.GetRequiredService<ILegalHoldService>();

    /// <summary>
    /// Two calls (held caller, other caller; both young), expired recordings of each, a young recording of the other caller, an expired
    /// recording without a call, and an expired note on each of the first three recordings.
    /// </summary>
    private static async Task<Seed> SeedAsync(TestHost<InheritedHoldDbContext> host)
    {
        await using var db = host.CreateContext();
        var heldCall = new InheritedHoldCall { Caller = HeldCaller, StartedAt = Now.AddDays(-10) };
        var otherCall = new InheritedHoldCall { Caller = OtherCaller, StartedAt = Now.AddDays(-10) };
        db.AddRange(heldCall, otherCall);
        await db.SaveChangesAsync();
        var held = new InheritedHoldRecording { CallId = heldCall.Id, FilePath = "held-old.wav", RecordedAt = Now.AddDays(-200) };
        var other = new InheritedHoldRecording { CallId = otherCall.Id, FilePath = "other-old.wav", RecordedAt = Now.AddDays(-200) };
        var young = new InheritedHoldRecording { CallId = otherCall.Id, FilePath = "other-young.wav", RecordedAt = Now.AddDays(-10) };
        var orphan = new InheritedHoldRecording { CallId = null, FilePath = "orphan.wav", RecordedAt = Now.AddDays(-200) };
        db.AddRange(held, other, young, orphan);
        await db.SaveChangesAsync();
        var heldNote = new InheritedHoldRecordingNote { RecordingId = held.Id, Text = "held", WrittenAt = Now.AddDays(-200) };
        var otherNote = new InheritedHoldRecordingNote { RecordingId = other.Id, Text = "other", WrittenAt = Now.AddDays(-200) };
        var youngNote = new InheritedHoldRecordingNote { RecordingId = young.Id, Text = "young", WrittenAt = Now.AddDays(-200) };
        db.AddRange(heldNote, otherNote, youngNote);
        await db.SaveChangesAsync();
        return new Seed(heldCall.Id, otherCall.Id, held.Id, other.Id, young.Id, orphan.Id, heldNote.Id, otherNote.Id);
    }

    private Task<TestHost<InheritedHoldDbContext>> StartAsync(InheritedHoldRecordingHook hook, EngineCommandLog? log = null, bool recordings = true, bool notes = true)
        => TestHost<InheritedHoldDbContext>.StartAsync(
            Database,
            configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN").AddRetention(r =>
            {
                if (recordings)
                {
                    r.Keep<InheritedHoldRecording>(x => x.RecordedAt, TimeSpan.FromDays(90), category: "recordings");
                }

                if (notes)
                {
                    r.Keep<InheritedHoldRecordingNote>(n => n.WrittenAt, TimeSpan.FromDays(90), category: "notes");
                }

                r.Configure(o =>
                {
                    o.RunOnSchedule = false;
                    o.BatchSize = 100;
                });
            }),
            services: s =>
            {
                s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
                s.AddSingleton<IRetentionHook<InheritedHoldRecording>>(hook);
            },
            configureOptions: log is null ? null : o => o.AddInterceptors(log));

    private sealed record Seed(
        long HeldCall, long OtherCall, long HeldRecording, long OtherRecording, long YoungRecording, long OrphanRecording, long HeldNote, long OtherNote);
}
