// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace DataGuard.Tests.Retention;

/// <summary>A fake clock that signals every timer it creates, so a test advances time only once the code under test waits on it.</summary>
internal sealed class SignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    public SemaphoreSlim TimerCreated { get; } = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TimerCreated.Release();
        return timer;
    }
}
