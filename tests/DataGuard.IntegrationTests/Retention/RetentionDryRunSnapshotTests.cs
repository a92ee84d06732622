// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CallCenter.Data;
using CallCenter.Retention;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Snapshooter.Xunit;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// The living spec of the seed-style retention table: the sample's own policies (Retention/CallCenterRetention.cs) over the sample's
/// model, seeded deterministically at a fixed clock with fixed tenants, a tenant choice per choosable category and a subject hold; the
/// dry run (and, for comparison, the real run that follows it) is approved by one snapshot shared by every provider
/// (__snapshots__/RetentionDryRunSnapshotTests.DryRun_SeedStyleTable.snap).
/// </summary>
/// <typeparam name="TFixture">The database engine.</typeparam>
public abstract class RetentionDryRunSnapshotTests<TFixture>(TFixture database) : IDisposable
    where TFixture : DatabaseFixture
{
    private const string HeldCaller = "+919876543210";
    private const string OtherCaller = "+919812345678";
    private const string TenantBCaller = "+919845012345";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly Guid TenantA = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid TenantB = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");

    private readonly string _recordings = Path.Combine(Path.GetTempPath(), "dataguard-snapshot-rec-" + Guid.NewGuid().ToString("N")[..12]);

    protected TFixture Database { get; } = database;

    public void Dispose()
    {
        if (Directory.Exists(_recordings))
        {
            Directory.Delete(_recordings, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    [SkippableFact]
    public async Task DryRun_SeedStyleTable_MatchesTheApprovedReport_AndChangesNothing()
    {
        await using var host = await TestHost<CallCenterDb>.StartAsync(
            Database,
            configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN").AddRetention(r => CallCenterRetention.Declare(r, runOnSchedule: false)),
            services: s =>
            {
                s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
                s.AddSingleton(new RecordingStore(_recordings));
                s.AddScoped<IRetentionHook<Recording>, RecordingFilesRetentionHook>();
            });
        var retention = host.Services.GetRequiredService<IRetentionService>();
        await SeedAsync(host, retention);
        var before = await CountsAsync(host);

        var dry = await retention.DryRunAsync();

        Assert.Equal(before, await CountsAsync(host));
        var real = await retention.RunAsync();
        var after = await CountsAsync(host);

        // The dry run counts each policy against the table as the earlier policies would leave it: what it announces is what the run did.
        Assert.Equal(RetentionRunStatus.Completed, real.Status);
        Assert.Equal(
            dry.Entries.Select(e => (e.Category, e.TenantId, e.Purged, e.Dependents, e.HeldBack, e.Kept, e.Failed)),
            real.Entries.Select(e => (e.Category, e.TenantId, e.Purged, e.Dependents, e.HeldBack, e.Kept, e.Failed)));

        Snapshot.Match(
            new
            {
                Clock = Now.ToString("O", CultureInfo.InvariantCulture),
                retention.Policies,
                DryRun = Report(dry),
                RealRun = Report(real),
                RowsBefore = before,
                RowsAfter = after,
            },
            "RetentionDryRunSnapshotTests.DryRun_SeedStyleTable");
    }

    private static object Report(RetentionReport report) => new
    {
        report.DryRun,
        Status = report.Status.ToString(),
        Entries = report.Entries.Select(e => new
        {
            e.Category,
            e.EntityType,
            Action = e.Action.ToString(),
            Tenant = e.TenantId is null ? "(default)" : e.TenantId == TenantA.ToString() ? "tenant-a" : e.TenantId == TenantB.ToString() ? "tenant-b" : e.TenantId,
            Period = e.Period?.ToString("c", CultureInfo.InvariantCulture) ?? "indefinite",
            Cutoff = e.Cutoff?.ToString("O", CultureInfo.InvariantCulture) ?? "none",
            e.Purged,
            e.Dependents,
            e.HeldBack,
            e.Kept,
            e.Failed,
        }).ToList(),
        report.Errors,
    };

    private static async Task<SortedDictionary<string, int>> CountsAsync(TestHost<CallCenterDb> host)
    {
        await using var db = host.CreateContext();
        return new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            ["callLogs"] = await db.CallLogs.CountAsync(),
            ["callLogsWithTranscript"] = await db.CallLogs.CountAsync(c => c.Transcript != null),
            ["recordings"] = await db.Recordings.CountAsync(),
            ["contacts"] = await db.Contacts.CountAsync(),
            ["contactsAnonymized"] = await db.Contacts.CountAsync(c => c.DisplayName == "[removed]"),
            ["callStatistics"] = await db.CallStatistics.CountAsync(),
            ["invoices"] = await db.Invoices.CountAsync(),
        };
    }

    /// <summary>
    /// Per tenant: calls 10, 45, 120, 400 and 800 days old, each with a recording of the same age (tenant A's two oldest from the held
    /// caller); contacts 10, 100 (tenant A only) and 400 days old; daily statistics 100, 700, 731 and 1000 days old; invoices one and
    /// eight years old. Tenant A chose 90 days for contacts, tenant B 30 days for transcripts; the held caller is under a subject hold.
    /// </summary>
    private async Task SeedAsync(TestHost<CallCenterDb> host, IRetentionService retention)
    {
        var store = host.Services.GetRequiredService<RecordingStore>();
        await using (var db = host.CreateContext())
        {
            db.Tenants.AddRange(new Tenant { Id = TenantA, Name = "Tenant A" }, new Tenant { Id = TenantB, Name = "Tenant B" });
            var n = 0;
            foreach (var tenant in new[] { TenantA, TenantB })
            {
                foreach (var days in new[] { 10, 45, 120, 400, 800 })
                {
                    var caller = tenant == TenantB ? TenantBCaller : days >= 400 ? HeldCaller : OtherCaller;
                    var call = new CallLog
                    {
                        TenantId = tenant,
                        CallerNumber = caller,
                        DialledNumber = "+912261234567",
                        Transcript = "transcript " + (++n).ToString(CultureInfo.InvariantCulture),
                        StartedAt = Now.AddDays(-days),
                        DurationSeconds = 60,
                    };
                    db.CallLogs.Add(call);
                    await db.SaveChangesAsync();
                    var path = await store.SaveAsync(call.Id, [1, 2, 3]);
                    db.Recordings.Add(new Recording { TenantId = tenant, CallLogId = call.Id, FilePath = path, RecordedAt = call.StartedAt });
                }

                foreach (var days in tenant == TenantA ? new[] { 10, 100, 400 } : [10, 400])
                {
                    db.Contacts.Add(new Contact
                    {
                        TenantId = tenant,
                        DisplayName = "Contact " + days.ToString(CultureInfo.InvariantCulture),
                        PhoneNumber = tenant == TenantA && days == 400 ? HeldCaller : OtherCaller,
                        Email = "c" + days.ToString(CultureInfo.InvariantCulture) + "@example.com",
                        LastContactAt = Now.AddDays(-days),
                    });
                }

                foreach (var days in new[] { 100, 700, 731, 1000 })
                {
                    db.CallStatistics.Add(new CallStatistic { TenantId = tenant, Day = Now.AddDays(-days).UtcDateTime.Date, Calls = 5, TotalDurationSeconds = 300 });
                }

                foreach (var years in new[] { 1, 8 })
                {
                    db.Invoices.Add(new Invoice
                    {
                        TenantId = tenant,
                        Number = (tenant == TenantA ? "A-" : "B-") + years.ToString(CultureInfo.InvariantCulture),
                        Amount = 1000,
                        IssuedAt = Now.AddYears(-years),
                    });
                }
            }

            await db.SaveChangesAsync();
        }

        await retention.SetTenantPeriodAsync(TenantA.ToString(), "contacts", TimeSpan.FromDays(90), "admin@tenant-a");
        await retention.SetTenantPeriodAsync(TenantB.ToString(), "transcripts", TimeSpan.FromDays(30), "admin@tenant-b");
        await host.Services.GetRequiredService<ILegalHoldService>().PlaceOnSubjectAsync(
            HeldCaller, new LegalHoldDetails { Reason = "litigation", PlacedBy = "legal" });
    }
}
