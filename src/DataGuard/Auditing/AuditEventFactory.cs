// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Linq;
using System.Security.Claims;

namespace DataGuard.Auditing;

/// <summary>
/// Fills the who, when and trace fields of an <see cref="AuditEvent"/> from the principal, the clock and the current activity, and masks
/// personal data a caller may have written into the stated purpose (free text such as "call back 98765 43210") with the text redactor.
/// </summary>
internal static class AuditEventFactory
{
    public static AuditEvent Complete(
        AuditEvent auditEvent, ClaimsPrincipal? principal, TimeProvider timeProvider, AuditOutcome outcome, string? reason = null, ITextRedactor? redactor = null)
        => auditEvent with
        {
            Purpose = redactor is null ? auditEvent.Purpose : redactor.Redact(auditEvent.Purpose),
            Outcome = outcome,
            Reason = reason ?? auditEvent.Reason,
            Timestamp = timeProvider.GetUtcNow(),
            ActorId = auditEvent.ActorId ?? ActorOf(principal),
            ActorRoles = auditEvent.ActorRoles.Count > 0 ? auditEvent.ActorRoles : RolesOf(principal),
            ClientId = auditEvent.ClientId ?? ClientOf(principal),
            TraceId = auditEvent.TraceId ?? Activity.Current?.TraceId.ToHexString(),
        };

    public static string? ActorOf(ClaimsPrincipal? principal)
        => principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? principal?.FindFirst("sub")?.Value ?? principal?.Identity?.Name;

    /// <summary>The OAuth client (application) the principal acts through: the <c>client_id</c>, <c>azp</c> or <c>appid</c> claim.</summary>
    public static string? ClientOf(ClaimsPrincipal? principal)
        => principal?.FindFirst("client_id")?.Value ?? principal?.FindFirst("azp")?.Value ?? principal?.FindFirst("appid")?.Value;

    public static string[] RolesOf(ClaimsPrincipal? principal)
        => principal is null
            ? []
            : principal.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray();
}
