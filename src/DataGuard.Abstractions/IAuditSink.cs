// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>
/// Receives audit events. The default sink writes them to the log (event 1500, category <c>DataGuard.Audit</c>); the
/// tamper-evident trail replaces it.
/// </summary>
public interface IAuditSink
{
    /// <summary>Records an event. Implementations must not drop events; they may wait (back-pressure).</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the event is accepted.</returns>
    ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}
