// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.Retention;

public sealed class RetentionSchedulerHostedServiceTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("01:00:00", "2026-03-01T03:00:00Z")]
    [InlineData("02:59:59.9999999", "2026-03-01T03:00:00Z")]
    [InlineData("03:00:00", "2026-03-02T03:00:00Z")]
    [InlineData("03:00:00.0000001", "2026-03-02T03:00:00Z")]
    [InlineData("23:59:59", "2026-03-02T03:00:00Z")]
    public void NextRun_Daily_IsNextOccurrenceStrictlyAfterNow(string timeOfDay, string expected)
    {
        var now = Day + TimeSpan.Parse(timeOfDay, System.Globalization.CultureInfo.InvariantCulture);

        var next = RetentionSchedulerHostedService.NextRun(now, new RetentionOptions { DailyAt = TimeSpan.FromHours(3) });

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void NextRun_Daily_NowWithOffset_UsesUtcTimeOfDay()
    {
        // 07:00+05:30 is 01:30Z: the 03:00 UTC run of the same UTC day comes next.
        var now = new DateTimeOffset(2026, 3, 1, 7, 0, 0, TimeSpan.FromHours(5.5));

        var next = RetentionSchedulerHostedService.NextRun(now, new RetentionOptions { DailyAt = TimeSpan.FromHours(3) });

        Assert.Equal(Day + TimeSpan.FromHours(3), next);
    }

    [Fact]
    public void NextRun_Interval_IsNowPlusInterval()
    {
        var now = Day + TimeSpan.FromHours(10);

        var next = RetentionSchedulerHostedService.NextRun(now, new RetentionOptions { DailyAt = null, Interval = TimeSpan.FromMinutes(15) });

        Assert.Equal(now + TimeSpan.FromMinutes(15), next);
    }

    [Fact]
    public async Task Daily_RunsAt0300_NotBefore_ThenNextDay()
    {
        var time = new SignallingTimeProvider(Day + TimeSpan.FromHours(1));
        var retention = new FakeRetentionService(time);
        using var scheduler = Create(time, retention, o => o.DailyAt = TimeSpan.FromHours(3));

        await scheduler.StartAsync(CancellationToken.None);
        await WaitForTimerAsync(time);
        time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromTicks(1));
        Assert.Equal(0, retention.CallCount);
        time.Advance(TimeSpan.FromTicks(1));
        var first = await retention.NextCallAsync();
        await WaitForTimerAsync(time);
        time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromTicks(1));
        Assert.Equal(1, retention.CallCount);
        time.Advance(TimeSpan.FromTicks(1));
        var second = await retention.NextCallAsync();
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(Day + TimeSpan.FromHours(3), first.At);
        Assert.Equal(Day + TimeSpan.FromDays(1) + TimeSpan.FromHours(3), second.At);
        Assert.Equal(2, retention.CallCount);
    }

    [Fact]
    public async Task Daily_StartedAfterTheTime_WaitsForTomorrow()
    {
        var time = new SignallingTimeProvider(Day + TimeSpan.FromHours(3));
        var retention = new FakeRetentionService(time);
        using var scheduler = Create(time, retention, o => o.DailyAt = TimeSpan.FromHours(3));

        await scheduler.StartAsync(CancellationToken.None);
        await WaitForTimerAsync(time);
        time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, retention.CallCount);
        time.Advance(TimeSpan.FromHours(1));
        var first = await retention.NextCallAsync();
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(Day + TimeSpan.FromDays(1) + TimeSpan.FromHours(3), first.At);
    }

    [Fact]
    public async Task Interval_RunsEveryInterval()
    {
        var start = Day + TimeSpan.FromHours(10);
        var time = new SignallingTimeProvider(start);
        var retention = new FakeRetentionService(time);
        using var scheduler = Create(time, retention, o =>
        {
            o.DailyAt = null;
            o.Interval = TimeSpan.FromMinutes(15);
        });

        await scheduler.StartAsync(CancellationToken.None);
        var runs = new DateTimeOffset[3];
        for (var i = 0; i < runs.Length; i++)
        {
            await WaitForTimerAsync(time);
            time.Advance(TimeSpan.FromMinutes(15));
            runs[i] = (await retention.NextCallAsync()).At;
        }

        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal([start.AddMinutes(15), start.AddMinutes(30), start.AddMinutes(45)], runs);
    }

    [Fact]
    public async Task FailingRun_IsLoggedByTypeOnly_AndTheScheduleGoesOn()
    {
        var time = new SignallingTimeProvider(Day);
        var retention = new FakeRetentionService(time, (number, _) => number == 1
            ? Task.FromException(new InvalidOperationException("value +919876543210 could not be deleted"))
            : Task.CompletedTask);
        var logger = new FakeLogger<RetentionSchedulerHostedService>();
        using var scheduler = Create(time, retention, o => o.DailyAt = TimeSpan.FromHours(3), logger);

        await scheduler.StartAsync(CancellationToken.None);
        await WaitForTimerAsync(time);
        time.Advance(TimeSpan.FromHours(3));
        await retention.NextCallAsync();
        await WaitForTimerAsync(time);
        time.Advance(TimeSpan.FromDays(1));
        var second = await retention.NextCallAsync();
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(Day + TimeSpan.FromDays(1) + TimeSpan.FromHours(3), second.At);
        var error = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Equal(1703, error.Id.Id);
        Assert.Null(error.Exception);
        Assert.Contains(nameof(InvalidOperationException), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Message.Contains("9876543210", StringComparison.Ordinal));
        Assert.True(scheduler.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task NotScheduled_NeverRuns(bool runOnSchedule, bool withPolicy)
    {
        var time = new SignallingTimeProvider(Day);
        var retention = new FakeRetentionService(time);
        using var scheduler = Create(time, retention, o => o.RunOnSchedule = runOnSchedule, withPolicy: withPolicy);

        await scheduler.StartAsync(CancellationToken.None);
        await scheduler.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromDays(3));
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(0, retention.CallCount);
        Assert.Equal(0, time.TimerCreated.CurrentCount);
    }

    [Fact]
    public async Task Shutdown_WhileWaiting_EndsCleanlyWithoutRunning()
    {
        var time = new SignallingTimeProvider(Day);
        var retention = new FakeRetentionService(time);
        using var scheduler = Create(time, retention, o => o.DailyAt = TimeSpan.FromHours(3));

        await scheduler.StartAsync(CancellationToken.None);
        await WaitForTimerAsync(time);
        await scheduler.StopAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromDays(2));

        Assert.True(scheduler.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(0, retention.CallCount);
    }

    [Fact]
    public async Task Shutdown_DuringRun_CancelsTheRunAndEndsCleanly()
    {
        var time = new SignallingTimeProvider(Day);
        var retention = new FakeRetentionService(time, (_, token) => Task.Delay(Timeout.Infinite, token));
        using var scheduler = Create(time, retention, o => o.DailyAt = TimeSpan.FromHours(3));

        await scheduler.StartAsync(CancellationToken.None);
        await WaitForTimerAsync(time);
        time.Advance(TimeSpan.FromHours(3));
        var run = await retention.NextCallAsync();
        Assert.False(run.Token.IsCancellationRequested);
        await scheduler.StopAsync(CancellationToken.None);

        Assert.True(run.Token.IsCancellationRequested);
        Assert.True(scheduler.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(1, retention.CallCount);
    }

    [Fact]
    public void Registered_ByAddRetention_Once()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddRetention().AddRetention());

        Assert.Single(services, d => d.ImplementationType == typeof(RetentionSchedulerHostedService));
    }

    private static async Task WaitForTimerAsync(SignallingTimeProvider time)
        => Assert.True(await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(30)), "The scheduler never waited on the clock.");

    private static RetentionSchedulerHostedService Create(
        TimeProvider time,
        IRetentionService retention,
        Action<RetentionOptions> configure,
        ILogger<RetentionSchedulerHostedService>? logger = null,
        bool withPolicy = true)
    {
        var options = new RetentionOptions();
        if (withPolicy)
        {
            options.Policies["call-logs"] = new RetentionPolicyOptions { Entity = "CallLog", Timestamp = "StartedAt", Period = TimeSpan.FromDays(365) };
        }

        configure(options);
        var services = new ServiceCollection().AddSingleton(retention).BuildServiceProvider();
        return new RetentionSchedulerHostedService(services, Options.Create(options), time, logger ?? new FakeLogger<RetentionSchedulerHostedService>());
    }
}
