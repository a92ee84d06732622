// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Retention;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// Crash consistency (issue 6): a purge of 200,000 expired rows among 200,000 live and 5,000 held rows is interrupted at a seeded
/// random point of each of 20 trials (cancelled after the k-th batch statement, before it, after its commit, after some milliseconds,
/// or crashed by an exception thrown around the k-th statement), then a new host (a restart) runs to the end: no live or held row is
/// ever gone, the interrupted run's report matches what left the table, and nothing expired remains.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class ReliabilityCrashConsistencyTests(ReliabilityCrashDatabase database, ITestOutputHelper output) : IClassFixture<ReliabilityCrashDatabase>
{
    private const int Trials = 20;

    /// <summary>Gets the trial seeds.</summary>
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < Trials; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Seeds))]
    public async Task Purge_InterruptedAtASeededPoint_ThenCompleted_LosesNoLiveOrHeldRow_AndLeavesNoExpiredRow(int seed)
    {
        output.WriteLine($"template built in {database.BuildTime.TotalSeconds:F1} s");
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        var batches = (ReliabilityCrashDatabase.ExpiredRows + ReliabilityCrashDatabase.BatchSize - 1) / ReliabilityCrashDatabase.BatchSize;
        var connectionString = database.Copy("trial" + seed.ToString(CultureInfo.InvariantCulture));
        var watch = new ReliabilityDeleteWatch(database.Table);
        using var cancellation = new CancellationTokenSource();
        var mode = seed switch { < 12 => "cancel at a statement", < 16 => "cancel after a delay", _ => "crash at a statement" };
        var delay = TimeSpan.Zero;
        switch (mode)
        {
            case "cancel at a statement":
                watch.TriggerAt = random.Next(1, batches + 1);
                watch.Point = (ReliabilityTriggerPoint)random.Next(3);
                watch.Act = cancellation.Cancel;
                break;
            case "cancel after a delay":
                delay = TimeSpan.FromMilliseconds(random.Next(0, 1500));
                break;
            default:
                watch.TriggerAt = random.Next(1, batches + 1);
                watch.Point = (ReliabilityTriggerPoint)random.Next(2);
                watch.Act = static () => throw new InvalidOperationException("simulated crash");
                break;
        }

        output.WriteLine($"seed {seed}: {mode}, statement {watch.TriggerAt}, {watch.Point}, delay {delay.TotalMilliseconds} ms");

        // The interrupted run.
        RetentionReport? interrupted = null;
        await using (var host = await database.StartHostAsync(connectionString, ReliabilityCrashDatabase.Now, watch))
        {
            var retention = host.Services.GetRequiredService<IRetentionService>();
            if (mode == "cancel after a delay")
            {
                cancellation.CancelAfter(delay);
            }

            try
            {
                interrupted = await retention.RunAsync(cancellation.Token);
            }
            catch (InvalidOperationException ex) when (mode == "crash at a statement" && ex.Message == "simulated crash")
            {
                // A crash may surface as an exception out of the run; the database must still be consistent.
            }
        }

        SqliteConnection.ClearAllPools();
        var afterInterruption = await database.ReadFingerprintAsync(connectionString);
        AssertKept(afterInterruption);
        var remaining = afterInterruption.GetValueOrDefault(ReliabilityRowGroup.Expired).Count;
        output.WriteLine($"interrupted run: {interrupted?.Status.ToString() ?? "threw"}, purged {Purged(interrupted)}, {remaining} expired rows left, {watch.Deletes} DELETE statements");
        if (interrupted is not null)
        {
            Assert.Equal(ReliabilityCrashDatabase.ExpiredRows - remaining, Purged(interrupted));
            if (watch.Triggered && remaining > 0)
            {
                Assert.Equal(mode == "crash at a statement" ? RetentionRunStatus.Failed : RetentionRunStatus.Cancelled, interrupted.Status);
            }
        }

        if (mode == "cancel at a statement" && watch.Triggered)
        {
            // The token is observed between batches: the batches before the k-th statement committed, and the k-th may have.
            Assert.InRange(ReliabilityCrashDatabase.ExpiredRows - remaining, (long)(watch.TriggerAt - 1) * ReliabilityCrashDatabase.BatchSize, (long)watch.TriggerAt * ReliabilityCrashDatabase.BatchSize);
        }

        if (mode == "crash at a statement")
        {
            // The crashed statement's batch rolled back: only the batches before it are gone.
            Assert.Equal((long)(watch.TriggerAt - 1) * ReliabilityCrashDatabase.BatchSize, ReliabilityCrashDatabase.ExpiredRows - remaining);
        }

        // A restart (new host, clock past the lease duration) continues and completes.
        RetentionReport completed;
        await using (var host = await database.StartHostAsync(connectionString, ReliabilityCrashDatabase.Now.AddMinutes(6)))
        {
            completed = await host.Services.GetRequiredService<IRetentionService>().RunAsync();
            await using var db = host.CreateContext();
            var runs = await db.Set<DataGuardRetentionRunEntity>().AsNoTracking().ToListAsync();
            Assert.DoesNotContain(runs, r => r.Status == "running" || r.EndedAtMicros is null);
            Assert.Equal("completed", runs.Single(r => r.Id == completed.RunId).Status);
        }

        SqliteConnection.ClearAllPools();
        var final = await database.ReadFingerprintAsync(connectionString);
        Assert.True(completed.Status == RetentionRunStatus.Completed && completed.Errors.Count == 0, $"{completed.Status}: {string.Join("; ", completed.Errors)}");
        AssertKept(final);
        Assert.False(final.ContainsKey(ReliabilityRowGroup.Expired), $"{final.GetValueOrDefault(ReliabilityRowGroup.Expired).Count} expired rows remain");
        Assert.Equal(remaining, Purged(completed));
        Assert.Equal(ReliabilityCrashDatabase.TenantHeldRows + ReliabilityCrashDatabase.SubjectHeldRows, completed.Entries.Where(e => e.Category == ReliabilityCrashDatabase.Category).Sum(e => e.HeldBack));
        output.WriteLine($"completing run purged {Purged(completed)}; trial took {clock.Elapsed.TotalSeconds:F1} s");
        ReliabilityCrashDatabase.Delete(connectionString);
    }

    private static long Purged(RetentionReport? report)
        => report?.Entries.Where(e => e.Category == ReliabilityCrashDatabase.Category).Sum(e => e.Purged) ?? -1;

    private void AssertKept(Dictionary<ReliabilityRowGroup, (long Count, long IdSum)> fingerprint)
    {
        foreach (var group in new[] { ReliabilityRowGroup.Live, ReliabilityRowGroup.TenantHeld, ReliabilityRowGroup.SubjectHeld })
        {
            Assert.Equal(database.Fingerprint[group], fingerprint.GetValueOrDefault(group));
        }
    }
}
