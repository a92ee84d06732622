// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project bench/DataGuard.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/DataGuard.Benchmarks -- retention-peak   (retention rows/s and peak managed memory, issue 6)
if (args is [DataGuard.Benchmarks.RetentionPeakMemory.Mode, ..])
{
    await DataGuard.Benchmarks.RetentionPeakMemory.RunAsync();
    return;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(DataGuard.Benchmarks.FieldEncryptionBenchmark).Assembly).Run(args, config);
