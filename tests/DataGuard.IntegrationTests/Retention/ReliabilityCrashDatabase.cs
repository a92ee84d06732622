// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// Builds once, for every trial of <see cref="ReliabilityCrashConsistencyTests"/>, a closed SQLite file with 200,000 expired rows,
/// 200,000 live rows and 5,000 expired rows under legal holds (4,000 by a tenant hold, 1,000 by subject holds given in several
/// written forms, one limited to a tenant), plus rows of a lifted hold and of a subject held in another tenant only (both expired, so
/// purged). The rows whose caller a hold names are written through EF (real encryption and blind indexes); the bulk reuses the stored
/// caller and blind index of 100 EF-written template rows, inserted by a prepared command in one transaction.
/// </summary>
public sealed class ReliabilityCrashDatabase : IAsyncLifetime
{
    public const string Category = "reliability-calls";
    public const int ExpiredRows = 200_000;
    public const int LiveRows = 200_000;
    public const int TenantHeldRows = 4_000;
    public const int SubjectHeldRows = 1_000;
    public const string HeldTenant = "t-hold";
    public const int BatchSize = 4_000;

    private const int Templates = 100;
    private const int RowsPerHeldSubject = 200;

    /// <summary>Gets the fake "now" of the trials.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the policy's period.</summary>
    public static TimeSpan Period { get; } = TimeSpan.FromDays(365);

    /// <summary>Gets the engine the trials' hosts use (its directory holds the template and the trial copies).</summary>
    public SqliteFixture Sqlite { get; } = new();

    /// <summary>Gets the Data Protection key directory every host shares (the key ring in the copies is protected with it).</summary>
    public string KeysDirectory { get; } = Path.Combine(Path.GetTempPath(), "dataguard-dpkeys-crash-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Gets the closed template database file.</summary>
    public string TemplatePath { get; private set; } = string.Empty;

    /// <summary>Gets the table's name.</summary>
    public string Table { get; private set; } = string.Empty;

    /// <summary>Gets the fingerprint (count, sum of ids) of each group in the template.</summary>
    public IReadOnlyDictionary<ReliabilityRowGroup, (long Count, long IdSum)> Fingerprint { get; private set; } = new Dictionary<ReliabilityRowGroup, (long, long)>();

    /// <summary>Gets how long the build took.</summary>
    public TimeSpan BuildTime { get; private set; }

    /// <summary>The DataGuard configuration of every host of the trials.</summary>
    /// <param name="batchSize">The batch size.</param>
    /// <returns>The configuration.</returns>
    public static Action<IDataGuardBuilder> Configure(int batchSize = BatchSize) => dg => dg
        .AddPhoneNumbers(p => p.DefaultRegion = "IN")
        .AddRetention(r => r
            .Keep<ReliabilityCall>(c => c.StartedAt, Period, category: Category)
            .Configure(o =>
            {
                o.BatchSize = batchSize;
                o.RunOnSchedule = false;
            }));

    /// <summary>Starts a host on a database file.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="now">The host's fake clock.</param>
    /// <param name="watch">An interceptor, or <see langword="null"/>.</param>
    /// <returns>The host.</returns>
    public Task<TestHost<ReliabilityDbContext>> StartHostAsync(string connectionString, DateTimeOffset now, ReliabilityDeleteWatch? watch = null)
        => TestHost<ReliabilityDbContext>.StartAsync(
            Sqlite,
            connectionString,
            Configure(),
            services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(now)),
            keysDirectory: KeysDirectory,
            configureOptions: o =>
            {
                if (watch is not null)
                {
                    o.AddInterceptors(watch);
                }
            });

    /// <summary>Copies the template to a new file.</summary>
    /// <param name="name">The copy's name.</param>
    /// <returns>The copy's connection string.</returns>
    public string Copy(string name)
    {
        var path = Path.Combine(Sqlite.Directory, name + ".sqlite");
        File.Copy(TemplatePath, path, overwrite: true);
        return new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 60 }.ToString();
    }

    /// <summary>Deletes a trial's copy (the template is about 70 MB; twenty copies need not pile up until the fixture goes).</summary>
    /// <param name="connectionString">The copy's connection string.</param>
    public static void Delete(string connectionString)
    {
        SqliteConnection.ClearAllPools();
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Reads the fingerprint of each group in a database.</summary>
    /// <param name="connectionString">The database.</param>
    /// <returns>Count and sum of ids per group (a group without rows is absent).</returns>
    public async Task<Dictionary<ReliabilityRowGroup, (long Count, long IdSum)>> ReadFingerprintAsync(string connectionString)
    {
        var result = new Dictionary<ReliabilityRowGroup, (long, long)>();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"Group\", COUNT(*), SUM(\"Id\") FROM \"{Table}\" GROUP BY \"Group\"";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[(ReliabilityRowGroup)reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Sqlite.InitializeAsync();
        Directory.CreateDirectory(KeysDirectory);
        var clock = Stopwatch.StartNew();
        var connectionString = await Sqlite.CreateDatabaseAsync();
        var cutoff = (Now - Period).UtcDateTime;
        var expired = 0;
        await using (var host = await StartHostAsync(connectionString, Now))
        {
            // EF-written rows: templates, held subjects, a subject held in another tenant only, a lifted hold's subject.
            await using (var db = host.CreateContext())
            {
                Table = db.Model.FindEntityType(typeof(ReliabilityCall))!.GetTableName()!;
                var rows = new List<ReliabilityCall>();
                for (var i = 0; i < Templates; i++)
                {
                    rows.Add(Row(Tenant(i), "+919800010" + i.ToString("D3", CultureInfo.InvariantCulture), ExpiredAt(cutoff, i), ReliabilityRowGroup.Expired));
                }

                for (var subject = 1; subject <= 5; subject++)
                {
                    for (var i = 0; i < RowsPerHeldSubject; i++)
                    {
                        var tenant = subject == 5 ? "t-a" : Tenant(i);
                        rows.Add(Row(tenant, HeldSubject(subject), ExpiredAt(cutoff, (subject * 1000) + i), ReliabilityRowGroup.SubjectHeld));
                    }
                }

                for (var i = 0; i < 100; i++)
                {
                    rows.Add(Row("t-b", HeldSubject(5), ExpiredAt(cutoff, 7000 + i), ReliabilityRowGroup.Expired));
                    rows.Add(Row(Tenant(i), HeldSubject(6), ExpiredAt(cutoff, 8000 + i), ReliabilityRowGroup.Expired));
                }

                db.Calls.AddRange(rows);
                await db.SaveChangesAsync();
                expired = rows.Count(r => r.Group == ReliabilityRowGroup.Expired);
            }

            var holds = host.Services.GetRequiredService<ILegalHoldService>();
            await holds.PlaceOnTenantAsync(HeldTenant, Details(null));
            string[] writtenForms = ["+91 98111 00001", "098111 00002", "98111-00003", "+919811100004"];
            foreach (var form in writtenForms)
            {
                await holds.PlaceOnSubjectAsync(form, Details(null));
            }

            await holds.PlaceOnSubjectAsync("+91 (98111) 00005", Details("t-a"));
            var lifted = await holds.PlaceOnSubjectAsync(HeldSubject(6), Details(null));
            Assert.True(await holds.LiftAsync(lifted.Id, "reliability-test", "case closed"));
        }

        SqliteConnection.ClearAllPools();
        await BulkInsertAsync(connectionString, cutoff, ExpiredRows - expired);
        SqliteConnection.ClearAllPools();
        TemplatePath = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Assert.False(File.Exists(TemplatePath + "-wal") && new FileInfo(TemplatePath + "-wal").Length > 0, "the template must be checkpointed");
        Fingerprint = await ReadFingerprintAsync(connectionString);
        SqliteConnection.ClearAllPools();
        Assert.Equal(ExpiredRows, Fingerprint[ReliabilityRowGroup.Expired].Count);
        Assert.Equal(LiveRows, Fingerprint[ReliabilityRowGroup.Live].Count);
        Assert.Equal(TenantHeldRows, Fingerprint[ReliabilityRowGroup.TenantHeld].Count);
        Assert.Equal(SubjectHeldRows, Fingerprint[ReliabilityRowGroup.SubjectHeld].Count);
        BuildTime = clock.Elapsed;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Sqlite.DisposeAsync();
        if (Directory.Exists(KeysDirectory))
        {
            Directory.Delete(KeysDirectory, recursive: true);
        }
    }

    private static string HeldSubject(int subject) => "+9198111" + subject.ToString("D5", CultureInfo.InvariantCulture);

    private static string Tenant(int i) => (i % 3) switch { 0 => "t-a", 1 => "t-b", _ => "t-c" };

    private static DateTime ExpiredAt(DateTime cutoff, long i) => cutoff.AddSeconds(-(3600 + ((i * 7919L) % (400L * 86400))));

    private static DateTime LiveAt(DateTime cutoff, long i) => cutoff.AddSeconds(3600 + ((i * 7919L) % (360L * 86400)));

    private static ReliabilityCall Row(string tenant, string caller, DateTime startedAt, ReliabilityRowGroup group)
        => new() { TenantId = tenant, Caller = caller, StartedAt = startedAt, Group = group };

    private static LegalHoldDetails Details(string? tenant) => new() { Reason = "case 2026-17", PlacedBy = "reliability-test", TenantId = tenant };

    private async Task BulkInsertAsync(string connectionString, DateTime cutoff, int expired)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var templates = new List<(string Caller, string Index)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT \"Caller\", \"CallerBlindIndex\" FROM \"{Table}\" WHERE \"Group\" = 0 ORDER BY \"Id\" LIMIT {Templates}";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                templates.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Equal(Templates, templates.Count);
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{Table}\" (\"TenantId\", \"Caller\", \"CallerBlindIndex\", \"StartedAt\", \"Group\") VALUES ($t, $c, $b, $s, $g)";
        var tenant = insert.Parameters.Add("$t", SqliteType.Text);
        var caller = insert.Parameters.Add("$c", SqliteType.Text);
        var index = insert.Parameters.Add("$b", SqliteType.Text);
        var startedAt = insert.Parameters.Add("$s", SqliteType.Text);
        var group = insert.Parameters.Add("$g", SqliteType.Integer);
        insert.Prepare();

        async Task AddAsync(string t, int i, DateTime at, ReliabilityRowGroup g)
        {
            var template = templates[i % Templates];
            tenant.Value = t;
            caller.Value = template.Caller;
            index.Value = template.Index;
            startedAt.Value = at;
            group.Value = (int)g;
            await insert.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < expired; i++)
        {
            await AddAsync(Tenant(i), i, ExpiredAt(cutoff, i + 10_000), ReliabilityRowGroup.Expired);
        }

        for (var i = 0; i < TenantHeldRows; i++)
        {
            await AddAsync(HeldTenant, i, ExpiredAt(cutoff, i + 20_000), ReliabilityRowGroup.TenantHeld);
        }

        for (var i = 0; i < LiveRows; i++)
        {
            await AddAsync(i % 50 == 0 ? HeldTenant : Tenant(i), i, LiveAt(cutoff, i), ReliabilityRowGroup.Live);
        }

        await transaction.CommitAsync();
    }
}
