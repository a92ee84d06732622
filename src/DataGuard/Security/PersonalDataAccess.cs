// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;

namespace DataGuard.Security;

/// <summary>
/// Checks a permission for the acting principal and audits the outcome: a denial is audited and thrown, a grant returns the principal
/// so the caller can audit the success once the act is done.
/// </summary>
internal sealed class PersonalDataAccess(
    IDataGuardPrincipalAccessor principals,
    IDataGuardPermissionEvaluator evaluator,
    IAuditSink audit,
    TimeProvider timeProvider,
    ITextRedactor? textRedactor = null)
{
    public ClaimsPrincipal? CurrentPrincipal => principals.Principal;

    public async ValueTask<ClaimsPrincipal?> DemandAsync(string permission, AuditEvent attempt, CancellationToken cancellationToken = default)
    {
        var principal = principals.Principal;
        if (await evaluator.HasPermissionAsync(principal, permission, cancellationToken).ConfigureAwait(false))
        {
            return principal;
        }

        await audit.WriteAsync(AuditEventFactory.Complete(attempt, principal, timeProvider, AuditOutcome.Denied, $"missing permission {permission}", textRedactor), cancellationToken).ConfigureAwait(false);
        throw new DataGuardAccessDeniedException(permission, $"The current principal lacks the DataGuard permission '{permission}' required to {attempt.Action}.");
    }

    public ValueTask AuditAsync(AuditEvent auditEvent, ClaimsPrincipal? principal, AuditOutcome outcome = AuditOutcome.Success, string? reason = null, CancellationToken cancellationToken = default)
        => audit.WriteAsync(AuditEventFactory.Complete(auditEvent, principal, timeProvider, outcome, reason, textRedactor), cancellationToken);
}
