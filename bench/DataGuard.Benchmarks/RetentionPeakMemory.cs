// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace DataGuard.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/DataGuard.Benchmarks -- retention-peak</c>: purges 50,000 of 100,000 and 1,000,000 of
/// 2,000,000 call logs through DataGuard's retention run, and 50,000 of 100,000 the naive way and with one plain SQL DELETE (the
/// floor), each on a fresh copy of its prepared SQLite file. Each operation runs twice per repeat: a timed pass (rows/s, and the peak
/// of the managed heap including uncollected garbage) and a memory pass sampling live objects after forced full collections
/// (<see cref="RetentionPeakSampler"/>). Prints a Markdown table and the two ratios issue 6 sets targets for.
/// </summary>
internal static class RetentionPeakMemory
{
    public const string Mode = "retention-peak";

    public static async Task RunAsync(int repeats = 2)
    {
        var clock = Stopwatch.StartNew();
        using var small = await RetentionBenchDatabase.CreateAsync(100_000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prepared 100,000 rows in {clock.Elapsed.TotalSeconds:F1} s"));
        clock.Restart();
        using var large = await RetentionBenchDatabase.CreateAsync(2_000_000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prepared 2,000,000 rows in {clock.Elapsed.TotalSeconds:F1} s"));

        // Warm-up: JIT, EF models and compiled queries of every path.
        foreach (var warm in new Func<Task<long>>[] { small.PurgeAsync, small.NaivePurgeAsync, small.RawDeleteAsync, large.PurgeAsync })
        {
            small.Reset();
            large.Reset();
            await warm();
        }

        Console.WriteLine();
        Console.WriteLine("| Operation | Rows purged | Time | Rows/s | Peak live managed memory | Peak live growth | Peak growth incl. garbage |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var results = new Result[4];
        for (var i = 0; i < repeats; i++)
        {
            results[0] = results[0].Merge(await MeasureAsync("DataGuard retention run, 100,000-row table", small, small.PurgeAsync));
            results[1] = results[1].Merge(await MeasureAsync("DataGuard retention run, 2,000,000-row table", large, large.PurgeAsync));
            results[2] = results[2].Merge(await MeasureAsync("naive load + RemoveRange + SaveChanges, 100,000-row table", small, small.NaivePurgeAsync));
            results[3] = results[3].Merge(await MeasureAsync("floor: one plain SQL DELETE, 100,000-row table", small, small.RawDeleteAsync));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"peak live managed memory, 2,000,000-row vs 100,000-row purge (highest of {repeats} each): {Mb(results[1].PeakTotal)} vs {Mb(results[0].PeakTotal)} = {(double)results[1].PeakTotal / Math.Max(1, results[0].PeakTotal):F2}x (target <= 1.20x); growth above the heap before the run: {Kb(results[1].PeakLive)} vs {Kb(results[0].PeakLive)}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"rows/s, DataGuard vs naive on 100,000 (best of {repeats} each): {results[0].RowsPerSecond:N0} vs {results[2].RowsPerSecond:N0} = {results[0].RowsPerSecond / results[2].RowsPerSecond:F1}x (target >= 20x); the plain DELETE floor: {results[3].RowsPerSecond:N0} = {results[3].RowsPerSecond / results[2].RowsPerSecond:F1}x naive"));
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " KB";

    private static async Task<Result> MeasureAsync(string name, RetentionBenchDatabase database, Func<Task<long>> purge)
    {
        // Timed pass.
        database.Reset();
        long purged;
        TimeSpan elapsed;
        RetentionPeakSampler timed;
        using (timed = RetentionPeakSampler.Start())
        {
            var clock = Stopwatch.StartNew();
            purged = await purge();
            elapsed = clock.Elapsed;
        }

        await CheckAsync(name, database, purged);

        // Memory pass: live objects, sampled after forced collections.
        database.Reset();
        RetentionPeakSampler live;
        using (live = RetentionPeakSampler.Start(collect: true))
        {
            purged = await purge();
        }

        await CheckAsync(name, database, purged);
        var rowsPerSecond = purged / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {purged:N0} | {elapsed.TotalSeconds:F2} s | {rowsPerSecond:N0} | {Mb(live.PeakTotal)} | {Kb(live.PeakGrowth)} | {Mb(timed.PeakGrowth)} |"));
        return new Result(rowsPerSecond, live.PeakGrowth, live.PeakTotal);
    }

    private static async Task CheckAsync(string name, RetentionBenchDatabase database, long purged)
    {
        if (purged != database.Expired || await database.CountAsync() != database.Rows - database.Expired)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{name}: purged {purged}, expected {database.Expired}"));
        }
    }

    private readonly record struct Result(double RowsPerSecond, long PeakLive, long PeakTotal)
    {
        public Result Merge(Result other) => new(Math.Max(RowsPerSecond, other.RowsPerSecond), Math.Max(PeakLive, other.PeakLive), Math.Max(PeakTotal, other.PeakTotal));
    }
}
