// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CallCenter.Data;
using DataGuard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Demo;

/// <summary>Section 9 of the demo: the retention table at work, on the demo's clock.</summary>
public sealed partial class DemoRunner
{
    private const string HeldCallerAsTyped = "098765 43210";   // Asha's number (+91 98765 43210), written another way

    private async Task ShowRetentionAsync()
    {
        var clock = app.Services.GetRequiredService<DemoClock>();
        var retention = app.Services.GetRequiredService<IRetentionService>();
        var holds = app.Services.GetRequiredService<ILegalHoldService>();
        var recordingFiles = app.Services.GetRequiredService<RecordingStore>().Directory;
        output.WriteLine();
        output.WriteLine("9. Retention: the published table as policies (docs/retention.md), a dry run, legal holds, and a real run a year later:");
        foreach (var policy in retention.Policies)
        {
            var bounds = policy.TenantMayChoose ? $", tenants may choose {Days(policy.TenantMinimum)} .. {Days(policy.TenantMaximum)}" : string.Empty;
            var basis = policy.LegalBasis is null ? string.Empty : $", statutory: {policy.LegalBasis}";
            var anonymized = policy.AnonymizedProperties.Count == 0 ? string.Empty : $" ({string.Join(", ", policy.AnonymizedProperties)})";
            output.WriteLine($"   {policy.Category,-12} {policy.EntityType}.{policy.TimestampProperty}: {Days(policy.Period)}, {Name(policy.Action)}{anonymized}{bounds}{basis}");
        }

        var tenants = await SeedHistoryAsync(clock.GetUtcNow());
        var mumbai = tenants.Single(t => t.Value == "Mumbai Support").Key;
        var nairobi = tenants.Single(t => t.Value == "Nairobi Sales").Key;
        await retention.SetTenantPeriodAsync(mumbai, "transcripts", TimeSpan.FromDays(30), "admin@mumbai");
        await retention.SetTenantPeriodAsync(mumbai, "contacts", TimeSpan.FromDays(180), "admin@mumbai");
        output.WriteLine("   Mumbai Support chooses: transcripts 30 days, contacts 180 days (effective from the next run)");
        try
        {
            await retention.SetTenantPeriodAsync(nairobi, "transcripts", TimeSpan.FromDays(7), "admin@nairobi");
            output.WriteLine("   Nairobi Sales chooses transcripts 7 days: accepted (this is a bug)");
        }
        catch (DataGuardValidationException ex)
        {
            output.WriteLine($"   Nairobi Sales chooses transcripts 7 days: refused: {ex.Message}");
        }

        output.WriteLine();
        output.WriteLine($"   dry run on {clock.GetUtcNow():yyyy-MM-dd} (counts only, nothing changes):");
        WriteReport(await retention.DryRunAsync(), tenants);

        // A legal hold on a caller, given as typed by a person: matched in each table through that table's own blind index, and
        // inherited by the rows that refer to a held row (recordings carry no number: they are held through their call log).
        var subjectHold = await holds.PlaceOnSubjectAsync(
            HeldCallerAsTyped, new LegalHoldDetails { Reason = "Billing dispute, case 2026-117", PlacedBy = "legal-1" });
        long heldRecording;
        string heldRecordingFile;
        int heldCallerCalls;
        int heldCallerRecordings;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
            var heldCalls = await db.CallLogs.WhereEquals(c => c.CallerNumber, HeldCallerAsTyped).Select(c => c.Id).ToListAsync();
            heldCallerCalls = heldCalls.Count;
            heldCallerRecordings = await db.Recordings.CountAsync(r => heldCalls.Contains(r.CallLogId));

            // A recording of another caller (Ravi's first call): the subject hold does not reach it, a record hold does.
            var other = await db.Recordings.Where(r => !heldCalls.Contains(r.CallLogId)).OrderBy(r => r.Id).FirstAsync();
            (heldRecording, heldRecordingFile) = (other.Id, other.FilePath);
        }

        await holds.PlaceOnRecordAsync(
            typeof(Recording), heldRecording, new LegalHoldDetails { Reason = "Quality complaint, case 2026-131", PlacedBy = "legal-1" });
        output.WriteLine();
        output.WriteLine($"   legal hold on the caller \"{HeldCallerAsTyped}\" ({subjectHold.Scope}; the identifier stored encrypted, with its hash {subjectHold.SubjectHash?[..10]}…): {heldCallerCalls} call logs and {heldCallerRecordings} recordings today");
        output.WriteLine("   (recordings carry no number: they are held through the call log they belong to)");
        output.WriteLine($"   legal hold on recording #{heldRecording} (Record: a recording of another caller, held by its key)");

        clock.Advance(TimeSpan.FromDays(365));
        await SeedTheYearAsync(clock.GetUtcNow(), mumbai, nairobi);
        var before = await CountsAsync(heldRecording, heldRecordingFile, recordingFiles);
        output.WriteLine();
        output.WriteLine($"   a year later ({clock.GetUtcNow():yyyy-MM-dd}; the year's calls added), the real run (the scheduler's job, run now):");
        var report = await retention.RunAsync();
        WriteReport(report, tenants);
        output.WriteLine($"   run {report.Status}: {report.Entries.Sum(e => e.Purged)} rows purged, {report.Entries.Sum(e => e.HeldBack)} held back, {report.Entries.Sum(e => e.Kept)} kept by law, {report.Entries.Sum(e => e.Failed)} failed");
        clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await retention.RunAsync();
        var purgedNextDay = nextDay.Entries.Where(e => e.Purged > 0).Select(e => $"{e.Category} {e.Purged}").ToList();
        output.WriteLine($"   the next day's run {nextDay.Status}: purged {(purgedNextDay.Count == 0 ? "nothing" : string.Join(", ", purgedNextDay))}");
        var after = await CountsAsync(heldRecording, heldRecordingFile, recordingFiles);
        output.WriteLine($"   held caller: {after.HeldCallerCalls} of {before.HeldCallerCalls} call logs left, {after.HeldCallerRecordings} of {before.HeldCallerRecordings} recordings left ({after.HeldCallerFiles} files kept; held through their call logs)");
        output.WriteLine($"   other callers: {after.OtherCalls} of {before.OtherCalls} call logs left (the year's calls, and the call of the held recording: it waits for its recording (Restrict) and is counted as held back)");
        output.WriteLine($"   held record: recording #{heldRecording} {(after.HeldRecordingRow ? "row kept" : "row deleted")}, {(after.HeldRecordingFile ? "file kept" : "file deleted")}");
        output.WriteLine($"   recordings: {after.Recordings} of {before.Recordings} rows left, {after.RecordingFiles} of {before.RecordingFiles} files left (each file deleted before its row)");
        output.WriteLine($"   contacts anonymized: {string.Join(", ", after.AnonymizedContacts)}");
        output.WriteLine($"   invoices: {after.Invoices} of {before.Invoices} kept (statutory)");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
            var runs = await db.Database.SqlQuery<string>($"SELECT \"Status\" AS \"Value\" FROM \"DataGuardRetentionRuns\"").ToListAsync();
            output.WriteLine($"   run records: {runs.Count} ({string.Join(", ", runs)})");
        }

        foreach (var audited in await AuditEventsAsync(AuditActions.LegalHold))
        {
            output.WriteLine($"   audit: {audited.Action} {audited.Purpose} by {audited.ActorId}, {(audited.Subjects.Count == 0 ? "no subject" : "subject " + audited.Subjects[0][..10] + "…")}");
        }

        foreach (var audited in await AuditEventsAsync(AuditActions.RetentionPurge))
        {
            var category = audited.Properties.FirstOrDefault(p => p.StartsWith("category=", StringComparison.Ordinal))?["category=".Length..];
            output.WriteLine($"   audit: {audited.Action} {audited.Outcome} by {audited.ActorId} on {audited.Resource} ({category}), count {audited.Count}");
        }
    }

    /// <summary>Adds a past to the call centre: older calls (some with recordings), a lapsed contact, analytics and invoices.</summary>
    private async Task<Dictionary<string, string>> SeedHistoryAsync(DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
        var recordings = scope.ServiceProvider.GetRequiredService<RecordingStore>();
        var tenants = await db.Tenants.OrderBy(t => t.Name).ToListAsync();
        var contacts = await db.Contacts.OrderBy(c => c.Id).ToListAsync();
        var india = TimeSpan.FromHours(5.5);
        var kenya = TimeSpan.FromHours(3);
        var oldCalls = new List<CallLog>();
        foreach (var contact in contacts)
        {
            var offset = contact.DisplayName == "Wanjiru" ? kenya : india;
            var old = new CallLog
            {
                TenantId = contact.TenantId,
                CallerNumber = contact.PhoneNumber!,
                DialledNumber = "+91 22 6123 4567",
                Transcript = null,                                  // transcription came later
                StartedAt = (now - TimeSpan.FromDays(400)).ToOffset(offset),
                DurationSeconds = 95,
            };
            oldCalls.Add(old);
            db.CallLogs.Add(old);
            db.CallLogs.Add(new CallLog
            {
                TenantId = contact.TenantId,
                CallerNumber = contact.PhoneNumber!,
                DialledNumber = "1800 266 1234",
                Transcript = "Follow-up about a delivery; the customer is satisfied.",
                StartedAt = (now - TimeSpan.FromDays(200)).ToOffset(offset),
                DurationSeconds = 140,
            });
        }

        db.Contacts.Add(new Contact
        {
            TenantId = tenants.Single(t => t.Name == "Mumbai Support").Id,
            DisplayName = "Meera",
            PhoneNumber = "+91 99887 76655",
            Email = "meera@example.in",
            LastContactAt = (now - TimeSpan.FromDays(730)).ToOffset(india),
        });
        foreach (var tenant in tenants)
        {
            foreach (var days in new[] { 800, 760, 400, 30 })
            {
                var day = (now - TimeSpan.FromDays(days)).UtcDateTime.Date;
                db.CallStatistics.Add(new CallStatistic { TenantId = tenant.Id, Day = new DateTimeOffset(day, TimeSpan.Zero), Calls = 40 + days % 17, TotalDurationSeconds = 4000 + days });
            }

            foreach (var days in new[] { 8 * 365, 100 })
            {
                db.Invoices.Add(new Invoice
                {
                    TenantId = tenant.Id,
                    Number = $"INV-{tenant.Name[..2].ToUpperInvariant()}-{days:0000}",
                    Amount = 125_000 + days,
                    Currency = tenant.Name.StartsWith("Nairobi", StringComparison.Ordinal) ? "KES" : "INR",
                    IssuedAt = now - TimeSpan.FromDays(days),
                });
            }
        }

        await db.SaveChangesAsync();

        // Recordings of last year's calls by Ravi and Wanjiru (each with its file).
        foreach (var call in oldCalls.Skip(1))
        {
            var path = await recordings.SaveAsync(call.Id, new byte[512]);
            db.Recordings.Add(new Recording { TenantId = call.TenantId, CallLogId = call.Id, FilePath = path, RecordedAt = call.StartedAt });
        }

        await db.SaveChangesAsync();
        output.WriteLine("   history added: 6 older calls (3 from 400 days ago, 2 with recordings; 3 from 200 days ago), a contact last seen 2 years ago,");
        output.WriteLine("   8 days of analytics (800, 760, 400 and 30 days ago per tenant), 4 invoices (8 years and 100 days old)");
        return tenants.ToDictionary(t => t.Id.ToString("D"), t => t.Name);
    }

    /// <summary>The year between the two runs: Asha and Wanjiru call again, and a new caller in Mumbai (with a recording).</summary>
    private async Task SeedTheYearAsync(DateTimeOffset now, string mumbai, string nairobi)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
        var recordings = scope.ServiceProvider.GetRequiredService<RecordingStore>();
        var when = now - TimeSpan.FromDays(60);
        var calls = new[]
        {
            new CallLog { TenantId = Guid.Parse(mumbai), CallerNumber = "+91 98765 43210", DialledNumber = "+91 22 6123 4567", Transcript = "Asha asks when the disputed invoice will be corrected.", StartedAt = when, DurationSeconds = 300 },
            new CallLog { TenantId = Guid.Parse(nairobi), CallerNumber = "+254 712 345678", DialledNumber = "1800 266 1234", Transcript = "Wanjiru renews her subscription.", StartedAt = when, DurationSeconds = 120 },
            new CallLog { TenantId = Guid.Parse(mumbai), CallerNumber = "+91 90000 12345", DialledNumber = "+91 22 6123 4567", Transcript = "A new caller asks about opening hours.", StartedAt = when, DurationSeconds = 45 },
        };
        db.CallLogs.AddRange(calls);
        foreach (var contact in await db.Contacts.Where(c => c.DisplayName == "Asha" || c.DisplayName == "Wanjiru").ToListAsync())
        {
            contact.LastContactAt = when;
        }

        await db.SaveChangesAsync();
        var path = await recordings.SaveAsync(calls[2].Id, new byte[512]);
        db.Recordings.Add(new Recording { TenantId = calls[2].TenantId, CallLogId = calls[2].Id, FilePath = path, RecordedAt = when });
        await db.SaveChangesAsync();
    }

    private async Task<RetentionCounts> CountsAsync(long heldRecording, string heldRecordingFile, string recordingFiles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
        var heldCalls = await db.CallLogs.WhereEquals(c => c.CallerNumber, HeldCallerAsTyped).Select(c => c.Id).ToListAsync();
        var heldCallerFiles = await db.Recordings.Where(r => heldCalls.Contains(r.CallLogId)).Select(r => r.FilePath).ToListAsync();
        var all = await db.CallLogs.CountAsync();
        var contacts = await db.Contacts.OrderBy(c => c.Id).ToListAsync();
        return new RetentionCounts(
            heldCalls.Count,
            all - heldCalls.Count,
            heldCallerFiles.Count,
            heldCallerFiles.Count(File.Exists),
            await db.Recordings.AnyAsync(r => r.Id == heldRecording),
            File.Exists(heldRecordingFile),
            await db.Recordings.CountAsync(),
            Directory.Exists(recordingFiles) ? Directory.GetFiles(recordingFiles).Length : 0,
            contacts.Where(c => c.PhoneNumber is null).Select(c => $"#{c.Id} {c.DisplayName} (phone {c.PhoneNumber ?? "null"}, e-mail {c.Email ?? "null"})").ToList(),
            await db.Invoices.CountAsync());
    }

    private void WriteReport(RetentionReport report, IReadOnlyDictionary<string, string> tenants)
    {
        output.WriteLine($"   {"category",-12} {"action",-9} {"tenant",-15} {"period",-10} {"cutoff",-10} {"purge",5} {"dependents",10} {"held",4} {"kept",4} {"failed",6}");
        foreach (var entry in report.Entries)
        {
            var tenant = entry.TenantId is null ? "(default)" : tenants.GetValueOrDefault(entry.TenantId, entry.TenantId);
            output.WriteLine(
                $"   {entry.Category,-12} {Name(entry.Action),-9} {tenant,-15} {Days(entry.Period),-10} {entry.Cutoff?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-",-10} " +
                $"{entry.Purged,5} {entry.Dependents,10} {entry.HeldBack,4} {entry.Kept,4} {entry.Failed,6}");
        }

        foreach (var error in report.Errors)
        {
            output.WriteLine($"   error: {error}");
        }
    }

    private static string Days(TimeSpan? period) => period is { } p ? $"{p.TotalDays:0} days" : "indefinite";

    private static string Name(RetentionAction action) => action.ToString().ToLowerInvariant();

    private sealed record RetentionCounts(
        int HeldCallerCalls,
        int OtherCalls,
        int HeldCallerRecordings,
        int HeldCallerFiles,
        bool HeldRecordingRow,
        bool HeldRecordingFile,
        int Recordings,
        int RecordingFiles,
        IReadOnlyList<string> AnonymizedContacts,
        int Invoices);
}
