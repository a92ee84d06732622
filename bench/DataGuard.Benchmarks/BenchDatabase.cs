// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.Benchmarks;

/// <summary>A SQLite file database with DataGuard configured (the plain entity simply has no encrypted properties).</summary>
internal sealed class BenchDatabase : IDisposable
{
    private readonly string _directory;
    private readonly ServiceProvider _services;

    private BenchDatabase(string directory, ServiceProvider services)
    {
        _directory = directory;
        _services = services;
    }

    public static async Task<BenchDatabase> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dataguard-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var connectionString = $"Data Source={Path.Combine(directory, "bench.db")}";
        var services = await BenchmarkServices.CreateAsync(
            s => s.AddDbContextFactory<BenchDb>((sp, o) => o.UseSqlite(connectionString).UseDataGuard(sp)));
        var database = new BenchDatabase(directory, services);
        await using var db = database.Create();
        await db.Database.EnsureCreatedAsync();
        return database;
    }

    public BenchDb Create() => _services.GetRequiredService<IDbContextFactory<BenchDb>>().CreateDbContext();

    public static string Number(int i) => "+9198" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public static string Transcript(int i) => $"Call {i}: the customer asked about invoice {i * 7} and was transferred.";

    public async Task FillAsync(int rows, CallKind kind)
    {
        await using var db = Create();
        for (var start = 0; start < rows; start += 5000)
        {
            var count = Math.Min(5000, rows - start);
            Add(db, kind, start, count);

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    public static void Add(BenchDb db, CallKind kind, int start, int count)
    {
        var numbers = Enumerable.Range(start, count);
        switch (kind)
        {
            case CallKind.Plain:
                db.PlainCalls.AddRange(numbers.Select(i => new PlainCall { CallerNumber = Number(i), Transcript = Transcript(i), StartedAt = DateTimeOffset.UnixEpoch }));
                break;
            case CallKind.Aes:
                db.GuardedCalls.AddRange(numbers.Select(i => new GuardedCall { CallerNumber = Number(i), Transcript = Transcript(i), StartedAt = DateTimeOffset.UnixEpoch }));
                break;
            default:
                db.AegisCalls.AddRange(numbers.Select(i => new AegisCall { CallerNumber = Number(i), Transcript = Transcript(i), StartedAt = DateTimeOffset.UnixEpoch }));
                break;
        }
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
