// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.IntegrationTests.Tokenization;

/// <summary>An audit sink that keeps every event, for assertions.</summary>
public sealed class CapturingAuditSink : IAuditSink
{
    public ConcurrentQueue<AuditEvent> Events { get; } = new();

    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        Events.Enqueue(auditEvent);
        return ValueTask.CompletedTask;
    }
}
