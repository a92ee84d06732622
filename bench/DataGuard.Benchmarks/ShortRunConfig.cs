// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DataGuard.Benchmarks;

/// <summary>
/// For benchmarks whose operation takes seconds (10,000 database round trips): one launch, one warm-up and three measured iterations,
/// in process like the default job, so the whole suite stays within minutes.
/// </summary>
public sealed class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
        => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithId("ShortRun"));
}
