// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.Benchmarks;

/// <summary>
/// EF Core on SQLite: insert 10,000 call logs with two encrypted columns (one searchable) and read them all back,
/// against the same model without DataGuard.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EfCoreBenchmark
{
    private const int Rows = 10_000;
    private BenchDatabase _database = null!;

    [GlobalSetup]
    public void Setup()
    {
        _database = BenchDatabase.CreateAsync().GetAwaiter().GetResult();
        foreach (var kind in Enum.GetValues<CallKind>())
        {
            _database.FillAsync(Rows, kind).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    [IterationSetup(Targets = [nameof(InsertPlain), nameof(InsertDataGuard), nameof(InsertDataGuardAegis)])]
    public void ClearInsertTarget()
    {
        using var db = _database.Create();
        db.PlainCalls.Where(c => c.Id > Rows).ExecuteDelete();
        db.GuardedCalls.Where(c => c.Id > Rows).ExecuteDelete();
        db.AegisCalls.Where(c => c.Id > Rows).ExecuteDelete();
    }

    [Benchmark(Baseline = true, Description = "insert 10,000 (plain EF)")]
    [BenchmarkCategory("insert")]
    public Task InsertPlain() => InsertAsync(CallKind.Plain);

    [Benchmark(Description = "insert 10,000 (DataGuard, AES-256-GCM)")]
    [BenchmarkCategory("insert")]
    public Task InsertDataGuard() => InsertAsync(CallKind.Aes);

    [Benchmark(Description = "insert 10,000 (DataGuard, AEGIS-256)")]
    [BenchmarkCategory("insert")]
    public Task InsertDataGuardAegis() => InsertAsync(CallKind.Aegis);

    [Benchmark(Baseline = true, Description = "read 10,000 (plain EF)")]
    [BenchmarkCategory("read")]
    public async Task<int> ReadPlain()
    {
        await using var db = _database.Create();
        return (await db.PlainCalls.AsNoTracking().Where(c => c.Id <= Rows).ToListAsync()).Count;
    }

    [Benchmark(Description = "read 10,000 (DataGuard, AES-256-GCM)")]
    [BenchmarkCategory("read")]
    public async Task<int> ReadDataGuard()
    {
        await using var db = _database.Create();
        return (await db.GuardedCalls.AsNoTracking().Where(c => c.Id <= Rows).ToListAsync()).Count;
    }

    [Benchmark(Description = "read 10,000 (DataGuard, AEGIS-256)")]
    [BenchmarkCategory("read")]
    public async Task<int> ReadDataGuardAegis()
    {
        await using var db = _database.Create();
        return (await db.AegisCalls.AsNoTracking().Where(c => c.Id <= Rows).ToListAsync()).Count;
    }

    private async Task InsertAsync(CallKind kind)
    {
        await using var db = _database.Create();
        BenchDatabase.Add(db, kind, Rows, Rows);
        await db.SaveChangesAsync();
    }
}
