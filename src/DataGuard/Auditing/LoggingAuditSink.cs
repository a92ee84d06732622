// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace DataGuard.Auditing;

/// <summary>
/// The default <see cref="IAuditSink"/>: one structured log entry per event (event id 1500, category <c>DataGuard.Audit</c>).
/// Audit events hold no raw personal data, so the entry holds none either. The tamper-evident trail replaces this sink.
/// </summary>
internal sealed partial class LoggingAuditSink(ILoggerFactory loggerFactory) : IAuditSink
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("DataGuard.Audit");

    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        Audited(
            _logger,
            auditEvent.Action,
            auditEvent.Outcome,
            auditEvent.ActorId,
            string.Join(',', auditEvent.ActorRoles),
            auditEvent.TenantId,
            auditEvent.Resource,
            auditEvent.Purpose,
            auditEvent.Count,
            string.Join(',', auditEvent.Subjects),
            auditEvent.Reason,
            auditEvent.TraceId,
            auditEvent.Timestamp);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(1500, LogLevel.Information, "DataGuard audit: {Action} {Outcome} by {ActorId} ({ActorRoles}) tenant {TenantId} resource {Resource} purpose {Purpose} count {Count} subjects {Subjects} reason {Reason} trace {TraceId} at {Timestamp:O}.")]
    private static partial void Audited(ILogger logger, string action, AuditOutcome outcome, string? actorId, string actorRoles, string? tenantId, string? resource, string? purpose, int count, string subjects, string? reason, string? traceId, System.DateTimeOffset timestamp);
}
