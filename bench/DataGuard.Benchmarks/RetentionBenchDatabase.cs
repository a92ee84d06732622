// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.Benchmarks;

/// <summary>
/// A prepared SQLite file of call logs, half of them past a one-year retention period (expired and live rows interleaved), and a
/// working copy that <see cref="Reset"/> restores before each measured purge. 100 rows are written through EF (real encryption and
/// blind index); the bulk reuses their stored values through one prepared command in one transaction.
/// </summary>
internal sealed class RetentionBenchDatabase : IDisposable
{
    public const string Category = "call-logs";
    public const int BatchSize = 4_000;
    private const int Templates = 100;

    private readonly string _directory;
    private readonly string _template;
    private readonly string _work;
    private readonly ServiceProvider _services;

    private RetentionBenchDatabase(string directory, string template, string work, ServiceProvider services, int rows)
    {
        _directory = directory;
        _template = template;
        _work = work;
        _services = services;
        Rows = rows;
    }

    public static TimeSpan Period { get; } = TimeSpan.FromDays(365);

    /// <summary>Gets the rows in the table.</summary>
    public int Rows { get; }

    /// <summary>Gets the expired rows (half).</summary>
    public int Expired => Rows / 2;

    public static async Task<RetentionBenchDatabase> CreateAsync(int rows)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dataguard-bench-retention-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var work = Path.Combine(directory, "work.db");
        var template = Path.Combine(directory, "template.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = work, DefaultTimeout = 120 }.ToString();
        var services = await BenchmarkServices.CreateAsync(
            s => s.AddDbContextFactory<RetentionBenchDb>((sp, o) => o.UseSqlite(connectionString).UseDataGuard(sp)),
            dg => dg.UseEntityFrameworkCore<RetentionBenchDb>().AddRetention(r => r
                .Keep<RetentionCall>(c => c.StartedAt, Period, category: Category)
                .Configure(o =>
                {
                    o.BatchSize = BatchSize;
                    o.RunOnSchedule = false;
                })));
        var database = new RetentionBenchDatabase(directory, template, work, services, rows);
        await database.PrepareAsync(connectionString);
        return database;
    }

    /// <summary>Restores the working copy from the prepared file.</summary>
    public void Reset()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
        {
            File.Delete(_work + suffix);
        }

        File.Copy(_template, _work, overwrite: true);
    }

    /// <summary>Purges through DataGuard's retention run.</summary>
    /// <returns>The rows purged.</returns>
    public async Task<long> PurgeAsync()
    {
        var report = await _services.GetRequiredService<IRetentionService>().RunAsync();
        if (report.Status != RetentionRunStatus.Completed)
        {
            throw new InvalidOperationException("The retention run ended " + report.Status + ": " + string.Join("; ", report.Errors));
        }

        return report.Entries.Sum(e => e.Purged);
    }

    /// <summary>The naive purge: load the expired entities, RemoveRange, SaveChanges.</summary>
    /// <returns>The rows purged.</returns>
    public async Task<long> NaivePurgeAsync()
    {
        var cutoff = (_services.GetRequiredService<TimeProvider>().GetUtcNow() - Period).UtcDateTime;
        await using var db = await _services.GetRequiredService<IDbContextFactory<RetentionBenchDb>>().CreateDbContextAsync();
        var expired = await db.Calls.Where(c => c.StartedAt < cutoff).ToListAsync();
        db.Calls.RemoveRange(expired);
        await db.SaveChangesAsync();
        return expired.Count;
    }

    /// <summary>The floor: one plain SQL <c>DELETE ... WHERE StartedAt &lt; @cutoff</c> (no batches, no holds, no lease, no run record).</summary>
    /// <returns>The rows deleted.</returns>
    public async Task<long> RawDeleteAsync()
    {
        var cutoff = (_services.GetRequiredService<TimeProvider>().GetUtcNow() - Period).UtcDateTime;
        await using var db = await _services.GetRequiredService<IDbContextFactory<RetentionBenchDb>>().CreateDbContextAsync();
        return await db.Database.ExecuteSqlAsync($"DELETE FROM \"RetentionCalls\" WHERE \"StartedAt\" < {cutoff}");
    }

    /// <summary>Counts the rows of the working copy.</summary>
    /// <returns>The count.</returns>
    public async Task<long> CountAsync()
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<RetentionBenchDb>>().CreateDbContextAsync();
        return await db.Calls.LongCountAsync();
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Tenant(int i) => "tenant-" + (i % 8).ToString(CultureInfo.InvariantCulture);

    private async Task PrepareAsync(string connectionString)
    {
        var now = _services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var expiredAt = now - Period - TimeSpan.FromDays(1);
        var liveAt = now - TimeSpan.FromDays(1);

        // Row i is expired when i is even; its start moves back one second per row either way.
        DateTime StartedAt(int i) => (i % 2 == 0 ? expiredAt : liveAt).AddSeconds(-(i / 2 % 20_000_000));

        await using (var db = await _services.GetRequiredService<IDbContextFactory<RetentionBenchDb>>().CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
            db.Calls.AddRange(Enumerable.Range(0, Templates).Select(i => new RetentionCall
            {
                TenantId = Tenant(i),
                CallerNumber = BenchDatabase.Number(i),
                StartedAt = StartedAt(i),
            }));
            await db.SaveChangesAsync();
        }

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            var templates = new List<(string Caller, string Index)>();
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT \"CallerNumber\", \"CallerNumberBlindIndex\" FROM \"RetentionCalls\" ORDER BY \"Id\"";
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    templates.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            await using var transaction = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO \"RetentionCalls\" (\"TenantId\", \"CallerNumber\", \"CallerNumberBlindIndex\", \"StartedAt\") VALUES ($t, $c, $b, $s)";
            var tenant = insert.Parameters.Add("$t", SqliteType.Text);
            var caller = insert.Parameters.Add("$c", SqliteType.Text);
            var index = insert.Parameters.Add("$b", SqliteType.Text);
            var startedAt = insert.Parameters.Add("$s", SqliteType.Text);
            insert.Prepare();
            for (var i = Templates; i < Rows; i++)
            {
                var template = templates[i % Templates];
                tenant.Value = Tenant(i);
                caller.Value = template.Caller;
                index.Value = template.Index;
                startedAt.Value = StartedAt(i);
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        File.Copy(_work, _template, overwrite: true);
    }
}
