// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DataGuard.EFCore.Tokenization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.Benchmarks;

/// <summary>
/// Tokenizes 10,000 phone numbers (5,000 distinct, each twice, shuffled: 50% repeats) through the EF token vault on a SQLite file:
/// one <c>TokenizeAsync</c> per value against one <c>TokenizeManyAsync</c>. Every invocation uses a new tenant, so every distinct
/// number creates a vault entry (the write path, not only lookups).
/// </summary>
[Config(typeof(ShortRunConfig))]
public class TokenVaultBenchmark
{
    private const int Count = 10_000;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dataguard-bench-tokens-" + Guid.NewGuid().ToString("N")[..12]);
    private ServiceProvider _services = null!;
    private ITokenVault _vault = null!;
    private string[] _values = [];
    private int _tenant;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_directory);
        var connectionString = $"Data Source={Path.Combine(_directory, "tokens.db")}";
        _services = BenchmarkServices.CreateAsync(s =>
        {
            s.AddDbContextFactory<BenchDb>((sp, o) => o.UseSqlite(connectionString).UseDataGuard(sp));
            s.AddSingleton<ITokenVault, DbContextTokenVault<BenchDb>>();
        }).GetAwaiter().GetResult();
        using (var db = _services.GetRequiredService<IDbContextFactory<BenchDb>>().CreateDbContext())
        {
            db.Database.EnsureCreated();
        }

        _vault = _services.GetRequiredService<ITokenVault>();
        var random = new Random(42);
        _values = Enumerable.Range(0, Count).Select(i => BenchDatabase.Number(i % (Count / 2))).OrderBy(_ => random.Next()).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "TokenizeAsync per value (10,000 calls)")]
    public async Task<int> OneByOne()
    {
        var tenant = NextTenant();
        var tokens = new List<string>(Count);
        foreach (var value in _values)
        {
            tokens.Add(await _vault.TokenizeAsync(value, tenant).ConfigureAwait(false));
        }

        return tokens.Count;
    }

    [Benchmark(Description = "TokenizeManyAsync (1 call)")]
    public async Task<int> Bulk()
    {
        var tokens = await _vault.TokenizeManyAsync(_values, NextTenant()).ConfigureAwait(false);
        return tokens.Count;
    }

    private string NextTenant() => "tenant-" + Interlocked.Increment(ref _tenant).ToString(CultureInfo.InvariantCulture);
}
