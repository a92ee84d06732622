// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.Benchmarks;

/// <summary>Looking up one number in a 100,000-row table: blind index against an indexed plaintext equality.</summary>
public class BlindIndexLookupBenchmark
{
    private const int Rows = 100_000;
    private BenchDatabase _database = null!;
    private BenchDb _db = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _database = BenchDatabase.CreateAsync().GetAwaiter().GetResult();
        _database.FillAsync(Rows, CallKind.Plain).GetAwaiter().GetResult();
        _database.FillAsync(Rows, CallKind.Aes).GetAwaiter().GetResult();
        _db = _database.Create();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        _database.Dispose();
    }

    [Benchmark(Baseline = true, Description = "indexed plaintext equality")]
    public async Task<List<PlainCall>> PlainIndexedEquality()
    {
        var number = BenchDatabase.Number((_next++ * 7919) % Rows);
        return await _db.PlainCalls.AsNoTracking().Where(c => c.CallerNumber == number).ToListAsync();
    }

    [Benchmark(Description = "DataGuard WhereEquals (blind index)")]
    public async Task<List<GuardedCall>> BlindIndexEquality()
    {
        var number = BenchDatabase.Number((_next++ * 7919) % Rows);
        return await _db.GuardedCalls.AsNoTracking().WhereEquals(c => c.CallerNumber, number).ToListAsync();
    }
}
