// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DataGuard;

namespace CallCenter.Demo;

/// <summary>The demo's audit sink: keeps the events in memory so the demo can print them (the real trail is a later DataGuard feature).</summary>
public sealed class DemoAuditLog : IAuditSink
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    public IReadOnlyCollection<AuditEvent> Events => _events;

    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        _events.Enqueue(auditEvent);
        return ValueTask.CompletedTask;
    }
}
