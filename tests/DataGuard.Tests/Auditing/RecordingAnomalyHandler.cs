// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Tests.Auditing;

/// <summary>Records the anomalies it is given; throws after recording when <see cref="Throw"/> is set.</summary>
internal sealed class RecordingAnomalyHandler : IAuditAnomalyHandler
{
    public ConcurrentQueue<AuditAnomaly> Anomalies { get; } = new();

    public bool Throw { get; init; }

    public ValueTask OnAnomalyAsync(AuditAnomaly anomaly, CancellationToken cancellationToken = default)
    {
        Anomalies.Enqueue(anomaly);
        return Throw ? throw new InvalidOperationException("handler failed") : ValueTask.CompletedTask;
    }
}
