// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Auditing;

/// <summary>
/// Applies <see cref="AuditOptions.AnomalyRules"/> to the events the pipeline accepts: per rule and (tenant, actor), a sliding window of
/// the subject hashes touched through the rule's actions; when the distinct subjects exceed the rule's threshold, one
/// <see cref="AuditAnomaly"/> is raised (metric, warning log, every <see cref="IAuditAnomalyHandler"/>), and the rule re-arms for that
/// actor once the count has fallen back to the threshold. Thread-safe; entries older than the window are pruned.
/// </summary>
internal sealed class AuditAnomalyDetector
{
    private readonly RuleState[] _rules;
    private readonly IAuditAnomalyHandler[] _handlers;
    private readonly DataGuardMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly TimeSpan _sweepInterval;
    private DateTimeOffset _lastSweep;

    public AuditAnomalyDetector(
        IOptions<AuditOptions> options,
        IEnumerable<IAuditAnomalyHandler> handlers,
        DataGuardMetrics metrics,
        TimeProvider time,
        ILogger<AuditAnomalyDetector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = options.Value.AnomalyRules.Select(r => new RuleState(r)).ToArray();
        _handlers = handlers.ToArray();
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _sweepInterval = _rules.Length == 0 ? TimeSpan.MaxValue : _rules.Min(r => r.Rule.Window);
        _lastSweep = time.GetUtcNow();
    }

    /// <summary>The number of (rule, tenant, actor) windows held (for tests of the memory bound).</summary>
    internal int TrackedWindows
    {
        get
        {
            lock (_gate)
            {
                return _rules.Sum(r => r.Windows.Count);
            }
        }
    }

    /// <summary>The number of (time, subject) entries held across all windows (for tests: bounded by distinct subjects, not events).</summary>
    internal int TrackedEntries
    {
        get
        {
            lock (_gate)
            {
                return _rules.Sum(r => r.Windows.Values.Sum(w => w.EntryCount));
            }
        }
    }

    /// <summary>Counts one event; raises the anomalies it causes. Handler failures are logged, never thrown.</summary>
    public ValueTask ObserveAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (_rules.Length == 0 || auditEvent.Subjects.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        List<AuditAnomaly>? raised = null;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (now - _lastSweep >= _sweepInterval)
            {
                Sweep(now);
            }

            foreach (var state in _rules)
            {
                if (!state.Rule.Actions.Contains(auditEvent.Action))
                {
                    continue;
                }

                var key = new ActorKey(auditEvent.TenantId, auditEvent.ActorId);
                if (!state.Windows.TryGetValue(key, out var window))
                {
                    window = new ActorWindow();
                    state.Windows.Add(key, window);
                }

                window.Prune(now - state.Rule.Window, state.Rule.MaxDistinctSubjects);
                foreach (var subject in auditEvent.Subjects)
                {
                    window.Add(now, subject);
                }

                if (!window.Raised && window.DistinctSubjects > state.Rule.MaxDistinctSubjects)
                {
                    window.Raised = true;
                    (raised ??= []).Add(new AuditAnomaly(
                        state.Rule.Name, auditEvent.ActorId, auditEvent.TenantId, window.DistinctSubjects, state.Rule.MaxDistinctSubjects, state.Rule.Window, now));
                }
            }
        }

        return raised is null ? ValueTask.CompletedTask : RaiseAsync(raised, cancellationToken);
    }

    private async ValueTask RaiseAsync(List<AuditAnomaly> anomalies, CancellationToken cancellationToken)
    {
        foreach (var anomaly in anomalies)
        {
            _metrics.RecordAuditAnomaly(anomaly.Rule);
            AuditPipelineLog.AnomalyDetected(_logger, anomaly.Rule, anomaly.DistinctSubjects, anomaly.Window, anomaly.Threshold);
            foreach (var handler in _handlers)
            {
                try
                {
                    await handler.OnAnomalyAsync(anomaly, cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failing handler must never fail the audit write.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    AuditPipelineLog.AnomalyHandlerFailed(_logger, handler.GetType().Name, anomaly.Rule, ex);
                }
            }
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        _lastSweep = now;
        foreach (var state in _rules)
        {
            List<ActorKey>? idle = null;
            foreach (var (key, window) in state.Windows)
            {
                window.Prune(now - state.Rule.Window, state.Rule.MaxDistinctSubjects);
                if (window.IsEmpty)
                {
                    (idle ??= []).Add(key);
                }
            }

            if (idle is not null)
            {
                foreach (var key in idle)
                {
                    state.Windows.Remove(key);
                }
            }
        }
    }

    private readonly record struct ActorKey(string? TenantId, string? ActorId);

    private sealed class RuleState(AuditAnomalyRule rule)
    {
        public AuditAnomalyRule Rule { get; } = rule;

        public Dictionary<ActorKey, ActorWindow> Windows { get; } = [];
    }

    /// <summary>
    /// The subjects one actor touched within a rule's window: one entry per distinct subject (its last time), ordered by time, so memory
    /// is bounded by the distinct subjects within the window, not by the event rate.
    /// </summary>
    private sealed class ActorWindow
    {
        private static readonly Comparer<(DateTimeOffset Time, string Subject)> ByTime = Comparer<(DateTimeOffset Time, string Subject)>.Create(
            (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.Subject, b.Subject));

        private readonly SortedSet<(DateTimeOffset Time, string Subject)> _entries = new(ByTime);
        private readonly Dictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

        public bool Raised { get; set; }

        public int DistinctSubjects => _lastSeen.Count;

        public bool IsEmpty => _entries.Count == 0;

        public void Add(DateTimeOffset time, string subject)
        {
            if (_lastSeen.TryGetValue(subject, out var seen))
            {
                if (seen >= time)
                {
                    return;
                }

                _entries.Remove((seen, subject));
            }

            _lastSeen[subject] = time;
            _entries.Add((time, subject));
        }

        /// <summary>Drops subjects last seen at or before <paramref name="cutoff"/>; re-arms when the count is back to the threshold.</summary>
        public void Prune(DateTimeOffset cutoff, int threshold)
        {
            while (_entries.Count > 0 && _entries.Min.Time <= cutoff)
            {
                var oldest = _entries.Min;
                _entries.Remove(oldest);
                _lastSeen.Remove(oldest.Subject);
            }

            if (_lastSeen.Count <= threshold)
            {
                Raised = false;
            }
        }

        /// <summary>The number of entries held (for tests: bounded by the distinct subjects).</summary>
        public int EntryCount => _entries.Count;
    }
}
