// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace DataGuard.Benchmarks;

/// <summary>
/// Samples the managed heap on a dedicated thread while an operation runs, above the baseline taken after a full blocking collection at
/// <see cref="Start"/>. Without <c>collect</c> it reads <see cref="GC.GetTotalMemory(bool)"/> every millisecond: live objects plus
/// garbage not yet collected, so its peak is mostly the gen0 budget once the operation allocates more than that (a short operation
/// may finish before its first collection). With <c>collect</c> it runs a full blocking collection every 10 ms before reading, so the
/// peak is that of live objects (what the operation holds on to): the figure that shows whether memory grows with table size, at the
/// price of slowing the operation (time it in a separate pass). (Gen1 collections are not enough: what they promote while in flight
/// piles up in gen2 until a full one, which inflates the peak of a long run.) BenchmarkDotNet's memory diagnoser reports allocated bytes, not a peak.
/// </summary>
internal sealed class RetentionPeakSampler : IDisposable
{
    private readonly Thread _thread;
    private readonly long _baseline;
    private readonly bool _collect;
    private volatile bool _stop;
    private long _peakTotal;
    private long _peakAfterGc;

    private RetentionPeakSampler(bool collect)
    {
        _collect = collect;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        _baseline = GC.GetTotalMemory(forceFullCollection: false);
        _peakTotal = _baseline;
        _peakAfterGc = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
        _thread = new Thread(Sample) { IsBackground = true, Name = "retention peak sampler", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Gets the managed bytes in use when sampling started (after a full collection).</summary>
    public long Baseline => _baseline;

    /// <summary>Gets the peak of <see cref="GC.GetTotalMemory(bool)"/>: the process's managed memory at its highest during the operation.</summary>
    public long PeakTotal => Interlocked.Read(ref _peakTotal);

    /// <summary>Gets the peak of <see cref="GC.GetTotalMemory(bool)"/> above the baseline.</summary>
    public long PeakGrowth => Interlocked.Read(ref _peakTotal) - _baseline;

    /// <summary>Gets the peak heap size observed after a collection during the operation.</summary>
    public long PeakHeapAfterGc => Interlocked.Read(ref _peakAfterGc);

    /// <summary>Collects fully, then starts sampling.</summary>
    /// <param name="collect">Whether to collect (full, blocking) before each sample, so that the peak is of live objects.</param>
    /// <returns>The running sampler; dispose it to stop.</returns>
    public static RetentionPeakSampler Start(bool collect = false) => new(collect);

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        Observe();
    }

    private void Sample()
    {
        while (!_stop)
        {
            if (_collect)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            }

            Observe();
            Thread.Sleep(_collect ? 10 : 1);
        }
    }

    private void Observe()
    {
        var total = GC.GetTotalMemory(forceFullCollection: false);
        if (total > Interlocked.Read(ref _peakTotal))
        {
            Interlocked.Exchange(ref _peakTotal, total);
        }

        var afterGc = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
        if (afterGc > Interlocked.Read(ref _peakAfterGc))
        {
            Interlocked.Exchange(ref _peakAfterGc, afterGc);
        }
    }
}
