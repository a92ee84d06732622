// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Auditing;

/// <summary>
/// The audit sink <c>AddAudit</c> registers: validates, redacts and buffers events, and hands them to the store. SKELETON: helper B implements.
/// </summary>
internal sealed class AuditPipeline : IAuditSink
{
    /// <summary>The options.</summary>
    public AuditOptions Options => throw new NotImplementedException();

    /// <summary>Buffers (or, in synchronous mode, stores) one event; waits when the buffer is full.</summary>
    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Stores events inside the caller's transaction (a DbContext with a current transaction); durable when the caller commits.</summary>
    public Task WriteInTransactionAsync(IReadOnlyList<AuditEvent> events, object transaction, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Waits until every event accepted before the call is stored.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
