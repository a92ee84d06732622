// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DataGuard.Benchmarks;

/// <summary>
/// The short job of <see cref="ShortRunConfig"/> (one warm-up, three measured iterations, in process) with the monitoring strategy (one
/// purge per iteration, each on a fresh copy of the prepared file) and a rows-per-second column.
/// </summary>
public sealed class RetentionPurgeConfig : ManualConfig
{
    public RetentionPurgeConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithId("ShortRun"));
        AddColumn(new RetentionRowsPerSecondColumn());
    }
}
