// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Encryption;
using DataGuard.Encryption;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Encryption;

/// <summary>Key rotation, the re-encryption job (concurrency, crash and resume), index-key rotation and plaintext migration.</summary>
public abstract class ReencryptionTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    protected TFixture Database { get; } = database;

    [SkippableFact]
    public async Task Job_AfterRotation_MovesEveryRowToTheNewKeyAndValuesStayReadable()
    {
        await using var host = await TestHost.StartAsync(Database);
        await SeedCallsAsync(host, 120);
        var oldKey = ActiveDataKey(host);
        var newKey = await host.KeyRing.RotateDataKeyAsync();
        Assert.NotEqual(oldKey, newKey);

        // Old values still decrypt before the job runs.
        await using (var db = host.CreateContext())
        {
            Assert.True(RawColumns.AllUnder(await RawColumns.ReadAsync(db, "CallLogs", "Transcript"), oldKey));
            Assert.Equal(120, (await db.CallLogs.ToListAsync()).Count(c => c.Transcript!.StartsWith("transcript ", StringComparison.Ordinal)));
        }

        var reports = new List<ReencryptionProgress>();
        var result = await Job(host).RunAsync(new ReencryptionOptions { BatchSize = 25 }, new SynchronousProgress<ReencryptionProgress>(reports.Add));

        Assert.Equal(120, result.RowsRewritten);
        Assert.Equal(0, result.RowsFailed);
        Assert.Contains(reports, r => r.Table == "CallLogs" && r.Completed);
        Assert.True(reports.Count(r => r.Table == "CallLogs") >= 5);
        await using (var db = host.CreateContext())
        {
            Assert.True(RawColumns.AllUnder(await RawColumns.ReadAsync(db, "CallLogs", "Transcript"), newKey));
            Assert.True(RawColumns.AllUnder(await RawColumns.ReadAsync(db, "CallLogs", "CallerNumber"), newKey));
            var calls = await db.CallLogs.OrderBy(c => c.Id).ToListAsync();
            Assert.All(calls, c => Assert.Equal($"transcript {c.Id}", c.Transcript));
            Assert.Single(await db.CallLogs.WhereEquals(c => c.CallerNumber, "+15550000007").ToListAsync());
        }

        // A second run finds nothing left to do.
        var again = await Job(host).RunAsync();
        Assert.Equal(0, again.RowsRewritten);
        Assert.Equal(120, again.Tables.Single(t => t.Table == "CallLogs").RowsScanned);
    }

    [SkippableFact]
    public async Task Job_RowUpdatedBetweenReadAndRewrite_KeepsTheApplicationsValue()
    {
        await using var host = await TestHost.StartAsync(Database);
        await SeedCallsAsync(host, 10);
        var newKey = await host.KeyRing.RotateDataKeyAsync();
        var job = (EntityFrameworkReencryptionJob<TestDbContext>)Job(host);
        job.AfterBatchRead = async (table, cancellationToken) =>
        {
            if (table != "CallLogs")
            {
                return;
            }

            // The application updates row 4 after the job read it (under the old key) and before the job rewrites it.
            job.AfterBatchRead = null;
            await using var db = host.CreateContext();
            var call = await db.CallLogs.SingleAsync(c => c.Id == 4, cancellationToken);
            call.Transcript = "updated by the application";
            await db.SaveChangesAsync(cancellationToken);
        };

        var result = await job.RunAsync();

        Assert.Equal(1, result.RowsConflicted);
        Assert.Equal(9, result.RowsRewritten);
        await using var check = host.CreateContext();
        Assert.Equal("updated by the application", (await check.CallLogs.SingleAsync(c => c.Id == 4)).Transcript);
        Assert.Equal("transcript 5", (await check.CallLogs.SingleAsync(c => c.Id == 5)).Transcript);
        Assert.True(RawColumns.AllUnder(await RawColumns.ReadAsync(check, "CallLogs", "Transcript"), newKey));
    }

    [SkippableFact]
    public async Task Job_WhileTheAppWrites_FinalValuesAreEachWritersLastWrite()
    {
        await using var host = await TestHost.StartAsync(Database);
        const int rows = 200;
        await SeedCallsAsync(host, rows);
        var newKey = await host.KeyRing.RotateDataKeyAsync();

        // Two writers, each owning half of the rows, keep updating transcripts while the job runs. Each records its last write per row.
        var lastWrite = new ConcurrentDictionary<long, string>();
        var writing = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                await using var db = host.CreateContext();
                var id = (long)(1 + w + (2 * (n % (rows / 2))));
                var call = await db.CallLogs.SingleAsync(c => c.Id == id);
                var value = $"writer {w} write {n}";
                call.Transcript = value;
                await db.SaveChangesAsync();
                lastWrite[id] = value;
                writing[w].TrySetResult();
                n++;
            }

            return n;
        })).ToList();

        await Task.WhenAll(writing.Select(t => t.Task));
        try
        {
            for (var run = 0; run < 5; run++)
            {
                var result = await Job(host).RunAsync(new ReencryptionOptions { BatchSize = 10 });
                Assert.Equal(0, result.RowsFailed);
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        var writes = await Task.WhenAll(writers);
        Assert.True(writes.All(w => w > 0));

        // After the writers stop, one more run settles every row on the new key.
        var final = await Job(host).RunAsync(new ReencryptionOptions { BatchSize = 50 });
        Assert.Equal(0, final.RowsConflicted);

        await using var check = host.CreateContext();
        var calls = await check.CallLogs.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(rows, calls.Count);
        foreach (var call in calls)
        {
            var expected = lastWrite.TryGetValue(call.Id, out var written) ? written : $"transcript {call.Id}";
            Assert.Equal(expected, call.Transcript);
        }

        Assert.True(RawColumns.AllUnder(await RawColumns.ReadAsync(check, "CallLogs", "Transcript"), newKey));
    }

    [SkippableFact]
    public async Task Job_CancelledMidway_LeavesEveryRowReadableAndTheNextRunFinishes()
    {
        await using var host = await TestHost.StartAsync(Database);
        const int rows = 300;
        await SeedCallsAsync(host, rows);
        var oldKey = ActiveDataKey(host);
        var newKey = await host.KeyRing.RotateDataKeyAsync();

        using var crash = new CancellationTokenSource();
        var progress = new SynchronousProgress<ReencryptionProgress>(p =>
        {
            if (p.Table == "CallLogs" && p.Batches == 2)
            {
                crash.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Job(host).RunAsync(new ReencryptionOptions { BatchSize = 40 }, progress, crash.Token));

        await using (var db = host.CreateContext())
        {
            var stored = await RawColumns.ReadAsync(db, "CallLogs", "Transcript");
            var moved = stored.Count(s => RawColumns.KeyIdOf(s) == newKey);
            Assert.Equal(80, moved);
            Assert.Equal(rows - 80, stored.Count(s => RawColumns.KeyIdOf(s) == oldKey));
            Assert.Equal(rows, (await db.CallLogs.ToListAsync()).Count(c => c.Transcript!.StartsWith("transcript ", StringComparison.Ordinal)));
        }

        var resumed = await Job(host).RunAsync(new ReencryptionOptions { BatchSize = 40 });
        Assert.Equal(rows - 80, resumed.RowsRewritten);
        await using (var db = host.CreateContext())
        {
            Assert.True(RawColumns.AllUnder(await RawColumns.ReadAsync(db, "CallLogs", "Transcript"), newKey));
        }
    }

    [SkippableFact]
    public async Task IndexKeyRotation_JobRecomputesIndexes_AndOldKeyCanThenBeDestroyed()
    {
        var time = new FakeTimeProvider();
        await using var host = await TestHost.StartAsync(Database, services: s => s.AddSingleton<TimeProvider>(time));
        await SeedCallsAsync(host, 30);
        var oldIndexKey = host.KeyRing.GetKeys().Single(k => k.IsActive && k.Purpose == KeyPurpose.BlindIndex).Id;
        List<string?> before;
        await using (var db = host.CreateContext())
        {
            before = await RawColumns.ReadAsync(db, "CallLogs", "CallerNumberBlindIndex");
        }

        await host.KeyRing.RotateIndexKeyAsync();

        // Before the job, rows indexed under the old key are still found (queries try every index key).
        await using (var db = host.CreateContext())
        {
            Assert.Single(await db.CallLogs.WhereEquals(c => c.CallerNumber, "+15550000003").ToListAsync());
        }

        var result = await Job(host).RunAsync();
        Assert.Equal(30, result.RowsRewritten);

        // A superseded key can be destroyed once every instance has had two refresh intervals to pick up its successor.
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.KeyRing.DestroyKeyAsync(oldIndexKey));
        time.Advance(TimeSpan.FromMinutes(11));
        await host.KeyRing.DestroyKeyAsync(oldIndexKey);

        await using (var db = host.CreateContext())
        {
            var after = await RawColumns.ReadAsync(db, "CallLogs", "CallerNumberBlindIndex");
            Assert.All(after.Zip(before), pair => Assert.NotEqual(pair.Second, pair.First));
            Assert.Single(await db.CallLogs.WhereEquals(c => c.CallerNumber, "+15550000003").ToListAsync());
        }
    }

    [SkippableFact]
    public async Task Job_TpcHierarchyAndEntitySplitting_RewritesEveryTable()
    {
        Database.EnsureAvailable();
        await using var host = await TestHost<MappingDbContext>.StartAsync(Database);
        await using (var db = host.CreateContext())
        {
            db.Parties.AddRange(new Person { Id = 1, Name = "P", Phone = "+15550001" }, new Company { Id = 2, Vat = "V", Phone = "+15550002" });
            db.Accounts.Add(new Account { Id = 1, Name = "A", Secret = "account secret" });
            await db.SaveChangesAsync();
        }

        var newKey = await host.KeyRing.RotateDataKeyAsync();
        var result = await host.Services.GetRequiredService<IReencryptionJob>().RunAsync();

        Assert.Equal(3, result.RowsRewritten);
        // The model calls AddDataGuard(), so its (empty) token vault is part of the job too.
        Assert.Equal(["AccountSecrets", "Companies", "DataGuardTokens", "People"], result.Tables.Select(t => t.Table).Order(StringComparer.Ordinal));
        await using var check = host.CreateContext();
        Assert.True(RawColumns.AllUnder(await RawColumns.ReadAsync(check, "People", "Phone"), newKey));
        Assert.True(RawColumns.AllUnder(await RawColumns.ReadAsync(check, "Companies", "Phone"), newKey));
        Assert.True(RawColumns.AllUnder(await RawColumns.ReadAsync(check, "AccountSecrets", "Secret"), newKey));
        Assert.Equal(["+15550001", "+15550002"], (await check.Parties.OrderBy(p => p.Id).ToListAsync()).Select(p => p.Phone));
        Assert.Equal("A", (await check.Accounts.WhereEquals(a => a.Secret, "account secret").SingleAsync()).Name);
    }

    [SkippableFact]
    public async Task PlaintextMigration_ReadsLegacyRows_ThenTheJobEncryptsAndIndexesThem()
    {
        Database.EnsureAvailable();
        await using var host = await TestHost<LegacyDbContext>.StartAsync(Database);
        await using (var db = host.CreateContext())
        {
            // The table as it was before DataGuard: plaintext values, no indexes.
            for (var i = 1; i <= 30; i++)
            {
                await db.Database.ExecuteSqlAsync($"INSERT INTO \"LegacyContacts\" (\"Id\", \"Phone\", \"Age\") VALUES ({i}, {"+1555000" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}, {(20 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            }

            db.Contacts.Add(new LegacyContact { Id = 100, Phone = "+15559999999", Age = 99 });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            var legacy = await db.Contacts.SingleAsync(c => c.Id == 7);
            Assert.Equal("+15550000007", legacy.Phone);
            Assert.Equal(27, legacy.Age);
            Assert.Empty(await db.Contacts.WhereEquals(c => c.Phone, "+15550000007").ToListAsync());
            Assert.Single(await db.Contacts.WhereEquals(c => c.Phone, "+15559999999").ToListAsync());
        }

        var result = await host.Services.GetRequiredService<IReencryptionJob>().RunAsync(new ReencryptionOptions { BatchSize = 7 });
        Assert.Equal(30, result.RowsRewritten);

        await using (var db = host.CreateContext())
        {
            var phones = await RawColumns.ReadAsync(db, "LegacyContacts", "Phone");
            var ages = await RawColumns.ReadAsync(db, "LegacyContacts", "Age");
            Assert.All(phones.Concat(ages), s => Assert.StartsWith("dgEB", s, StringComparison.Ordinal));
            var found = await db.Contacts.WhereEquals(c => c.Phone, "+15550000007").SingleAsync();
            Assert.Equal(27, found.Age);
        }
    }

    private static KeyId ActiveDataKey(TestHost<TestDbContext> host)
        => host.KeyRing.GetKeys().Single(k => k.IsActive && k.Purpose == KeyPurpose.DataEncryption).Id;

    private static IReencryptionJob Job(TestHost<TestDbContext> host) => host.Services.GetRequiredService<IReencryptionJob>();

    private static async Task SeedCallsAsync(TestHost<TestDbContext> host, int count)
    {
        await using var db = host.CreateContext();
        for (var i = 0; i < count; i++)
        {
            db.CallLogs.Add(new CallLog
            {
                Id = i + 1,
                CallerNumber = "+1555" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
                Transcript = $"transcript {i + 1}",
                StartedAt = DateTimeOffset.UnixEpoch,
            });
        }

        await db.SaveChangesAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteReencryptionTests(SqliteFixture database) : ReencryptionTests<SqliteFixture>(database);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReencryptionTests(PostgresFixture database) : ReencryptionTests<PostgresFixture>(database);
