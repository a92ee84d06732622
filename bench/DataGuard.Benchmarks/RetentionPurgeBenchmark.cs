// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace DataGuard.Benchmarks;

/// <summary>
/// Retention purge on SQLite files (issue 6): DataGuard's set-based run purging 1,000,000 expired call logs of a 2,000,000-row table
/// and 50,000 of a 100,000-row table, against the naive purge (load the entities, RemoveRange, SaveChanges) of the same 50,000.
/// One operation is one row purged, so the mean is the time per row and the Rows/s column is 1 s / mean. Every iteration purges a
/// fresh copy of the prepared file. The peak managed heap (including garbage not yet collected, so mostly the gen0 budget for the long
/// purge) is printed per iteration (<see cref="RetentionPeakSampler"/>); the peak of live objects, which shows whether memory grows
/// with the table, comes from <c>-- retention-peak</c> (<see cref="RetentionPeakMemory"/>), which must not share a run with timings.
/// </summary>
[Config(typeof(RetentionPurgeConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RetentionPurgeBenchmark
{
    private const int LargeRows = 2_000_000;
    private const int SmallRows = 100_000;

    private RetentionBenchDatabase _large = null!;
    private RetentionBenchDatabase _small = null!;
    private RetentionPeakSampler? _sampler;

    [GlobalSetup]
    public void Setup()
    {
        _small = RetentionBenchDatabase.CreateAsync(SmallRows).GetAwaiter().GetResult();
        _large = RetentionBenchDatabase.CreateAsync(LargeRows).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _large.Dispose();
        _small.Dispose();
    }

    [IterationSetup(Target = nameof(PurgeLarge))]
    public void ResetLarge()
    {
        _large.Reset();
        _sampler = RetentionPeakSampler.Start();
    }

    [IterationSetup(Targets = [nameof(PurgeSmall), nameof(NaiveSmall)])]
    public void ResetSmall()
    {
        _small.Reset();
        _sampler = RetentionPeakSampler.Start();
    }

    [IterationCleanup]
    public void StopSampler()
    {
        if (_sampler is { } sampler)
        {
            sampler.Dispose();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"// retention peak managed memory incl. uncollected garbage: +{sampler.PeakGrowth / 1048576.0:F1} MB over {sampler.Baseline / 1048576.0:F1} MB; peak heap after a GC {sampler.PeakHeapAfterGc / 1048576.0:F1} MB (live peak: -- retention-peak)"));
            _sampler = null;
        }
    }

    [Benchmark(OperationsPerInvoke = LargeRows / 2, Description = "DataGuard purge 1,000,000 of 2,000,000 (per row)")]
    [BenchmarkCategory("2,000,000 rows")]
    public Task<long> PurgeLarge() => Check(_large.PurgeAsync(), LargeRows / 2);

    [Benchmark(Baseline = true, OperationsPerInvoke = SmallRows / 2, Description = "naive load + RemoveRange + SaveChanges 50,000 of 100,000 (per row)")]
    [BenchmarkCategory("100,000 rows")]
    public Task<long> NaiveSmall() => Check(_small.NaivePurgeAsync(), SmallRows / 2);

    [Benchmark(OperationsPerInvoke = SmallRows / 2, Description = "DataGuard purge 50,000 of 100,000 (per row)")]
    [BenchmarkCategory("100,000 rows")]
    public Task<long> PurgeSmall() => Check(_small.PurgeAsync(), SmallRows / 2);

    private static async Task<long> Check(Task<long> purge, long expected)
    {
        var purged = await purge;
        return purged == expected
            ? purged
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"purged {purged} rows, expected {expected}"));
    }
}
