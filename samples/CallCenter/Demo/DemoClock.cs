// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace CallCenter.Demo;

/// <summary>
/// The demo's clock: starts at a fixed instant, runs at real speed (so that audit records and leases keep their order), and can be moved
/// forward, as a test's FakeTimeProvider is, to show what retention does a year later. Registered as the <see cref="TimeProvider"/> of
/// the demo only; timers still run on real time.
/// </summary>
public sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = System.GetTimestamp();
    private long _advancedTicks;

    /// <summary>The instant the demo starts at: output is the same on every run.</summary>
    public static DateTimeOffset DefaultStart { get; } = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
        => start + System.GetElapsedTime(_started) + TimeSpan.FromTicks(Interlocked.Read(ref _advancedTicks));

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _advancedTicks, by.Ticks);
    }
}
