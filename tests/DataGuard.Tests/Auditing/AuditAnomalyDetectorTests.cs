// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>
/// Anomaly rules on a fake clock: more than N distinct subjects touched by one actor within the window raises exactly one anomaly
/// (handlers, metric, warning without personal data), and the rule re-arms once the window has moved on.
/// </summary>
public sealed class AuditAnomalyDetectorTests : IDisposable
{
    private const int Threshold = 3;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingAnomalyHandler _handler = new();
    private readonly ServiceProvider _services;
    private readonly AuditAnomalyDetector _detector;

    public AuditAnomalyDetectorTests()
    {
        var services = new ServiceCollection();
        services.AddDataGuard();
        services.AddSingleton<TimeProvider>(_time);
        services.AddFakeLogging();
        services.AddSingleton<IAuditAnomalyHandler>(_handler);
        services.AddSingleton<AuditAnomalyDetector>();
        services.Configure<AuditOptions>(o =>
        {
            o.AnomalyRules.Add(new AuditAnomalyRule { Name = "bulk-read", MaxDistinctSubjects = Threshold, Window = Window });
            o.AnomalyRules.Add(new AuditAnomalyRule { Name = "bulk-erase", MaxDistinctSubjects = 1, Window = Window, Actions = new System.Collections.Generic.HashSet<string> { AuditActions.Erase } });
        });
        _services = services.BuildServiceProvider();
        _detector = _services.GetRequiredService<AuditAnomalyDetector>();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task AtThreshold_NoAnomaly()
    {
        for (var i = 0; i < Threshold; i++)
        {
            await ReadAsync("agent", "s" + i);
        }

        Assert.Empty(_handler.Anomalies);
    }

    [Fact]
    public async Task ThresholdPlusOneDistinctSubjectsWithinWindow_ExactlyOneAnomaly()
    {
        using var metric = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), "DataGuard", "dataguard.audit.anomalies");
        for (var i = 0; i < Threshold + 5; i++)
        {
            await ReadAsync("agent", "s" + i, tenant: "t1");
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        var anomaly = Assert.Single(_handler.Anomalies);
        Assert.Equal(new AuditAnomaly("bulk-read", "agent", "t1", Threshold + 1, Threshold, Window, anomaly.DetectedAt), anomaly);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 30, TimeSpan.Zero), anomaly.DetectedAt);
        var measurement = Assert.Single(metric.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("bulk-read", measurement.Tags["dataguard.audit.rule"]);
        var warning = Assert.Single(_services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 1642);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.DoesNotContain("agent", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManySubjectsInOneEvent_Count()
    {
        await _detector.ObserveAsync(new AuditEvent { Action = AuditActions.Export, ActorId = "agent", Subjects = ["a", "b", "c", "d"] });

        Assert.Equal(Threshold + 1, Assert.Single(_handler.Anomalies).DistinctSubjects);
    }

    [Fact]
    public async Task SameSubjectRepeated_CountsOnce()
    {
        for (var i = 0; i < 50; i++)
        {
            await ReadAsync("agent", "s" + (i % Threshold));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Empty(_handler.Anomalies);
    }

    [Fact]
    public async Task SubjectsSpreadOverMoreThanTheWindow_NoAnomaly()
    {
        for (var i = 0; i < 20; i++)
        {
            await ReadAsync("agent", "s" + i);
            _time.Advance(Window / Threshold);
        }

        Assert.Empty(_handler.Anomalies);
    }

    [Fact]
    public async Task OtherActorsAndTenants_AreIndependent()
    {
        for (var i = 0; i < Threshold; i++)
        {
            await ReadAsync("agent-a", "s" + i);
            await ReadAsync("agent-b", "s" + i);
            await ReadAsync("agent-a", "s" + i + "-other-tenant", tenant: "t2");
        }

        Assert.Empty(_handler.Anomalies);
        await ReadAsync("agent-b", "extra");
        Assert.Equal("agent-b", Assert.Single(_handler.Anomalies).ActorId);
    }

    [Fact]
    public async Task ActionsOutsideTheRule_NotCounted()
    {
        await _detector.ObserveAsync(new AuditEvent { Action = AuditActions.Update, ActorId = "agent", Subjects = ["a", "b", "c", "d", "e"] });

        Assert.Empty(_handler.Anomalies);
        await _detector.ObserveAsync(new AuditEvent { Action = AuditActions.Erase, ActorId = "agent", Subjects = ["a", "b"] });
        Assert.Equal("bulk-erase", Assert.Single(_handler.Anomalies).Rule);
    }

    [Fact]
    public async Task AfterTheWindowPasses_RuleRearms()
    {
        for (var i = 0; i < Threshold + 3; i++)
        {
            await ReadAsync("agent", "s" + i);
        }

        Assert.Single(_handler.Anomalies);
        _time.Advance(Window);
        for (var i = 0; i < Threshold; i++)
        {
            await ReadAsync("agent", "t" + i);
        }

        Assert.Single(_handler.Anomalies);
        await ReadAsync("agent", "t-last");
        Assert.Equal(2, _handler.Anomalies.Count);
    }

    [Fact]
    public async Task StillAboveThreshold_DoesNotRaiseAgain()
    {
        for (var i = 0; i < Threshold * 10; i++)
        {
            await ReadAsync("agent", "s" + i);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Single(_handler.Anomalies);
    }

    [Fact]
    public async Task FailingHandler_IsLoggedNotThrown_OtherHandlersStillCalled()
    {
        var failing = new RecordingAnomalyHandler { Throw = true };
        var after = new RecordingAnomalyHandler();
        var services = new ServiceCollection();
        services.AddDataGuard();
        services.AddSingleton<TimeProvider>(_time);
        services.AddFakeLogging();
        services.AddSingleton<IAuditAnomalyHandler>(failing);
        services.AddSingleton<IAuditAnomalyHandler>(after);
        services.AddSingleton<AuditAnomalyDetector>();
        services.Configure<AuditOptions>(o => o.AnomalyRules.Add(new AuditAnomalyRule { Name = "r", MaxDistinctSubjects = 1, Window = Window }));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<AuditAnomalyDetector>().ObserveAsync(new AuditEvent { Action = AuditActions.Read, Subjects = ["a", "b"] });

        Assert.Single(failing.Anomalies);
        Assert.Single(after.Anomalies);
        Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 1643);
    }

    [Fact]
    public async Task OneSubjectReadManyTimes_HoldsOneEntry_AndStaysCountedWhileSeenWithinTheWindow()
    {
        // Guarantee: memory grows with the distinct subjects within the window, not with the event rate.
        for (var i = 0; i < 5_000; i++)
        {
            await ReadAsync("service", "s-hot");
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(1, _detector.TrackedEntries);

        // s-hot was seen moments ago, so with three new subjects the actor has touched four within the window.
        _time.Advance(Window - TimeSpan.FromSeconds(1));
        await ReadAsync("service", "s-hot");
        await ReadAsync("service", "a");
        await ReadAsync("service", "b");
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(_handler.Anomalies);
        await ReadAsync("service", "c");

        var anomaly = Assert.Single(_handler.Anomalies);
        Assert.Equal(Threshold + 1, anomaly.DistinctSubjects);
    }

    [Fact]
    public async Task IdleActors_ArePruned()
    {
        // Guarantee: memory stays bounded by the activity within the window.
        for (var i = 0; i < 100; i++)
        {
            await ReadAsync("agent-" + i, "s");
        }

        Assert.Equal(100, _detector.TrackedWindows);
        _time.Advance(Window * 2);
        await ReadAsync("agent-new", "s");
        Assert.Equal(1, _detector.TrackedWindows);
    }

    [Fact]
    public async Task ConcurrentObservers_RaiseExactlyOnce()
    {
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () => await ReadAsync("agent", "s" + i))));

        Assert.Single(_handler.Anomalies);
    }

    private async Task ReadAsync(string actor, string subject, string? tenant = null)
        => await _detector.ObserveAsync(new AuditEvent { Action = AuditActions.Read, ActorId = actor, TenantId = tenant, Subjects = [subject] });
}
