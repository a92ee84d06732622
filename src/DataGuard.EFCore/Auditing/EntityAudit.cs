// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// The application services the EF Core audit interceptors use, resolved from the context's application service provider
/// (<c>UseDataGuard(sp)</c>): present only when <c>AddAudit</c> registered the audit pipeline.
/// </summary>
internal sealed class EntityAudit
{
    private static readonly ConditionalWeakTable<IServiceProvider, Holder> ByServices = [];
    private readonly IServiceProvider _services;

    private EntityAudit(AuditPipeline pipeline, IServiceProvider services)
    {
        Pipeline = pipeline;
        _services = services;
        Hasher = services.GetRequiredService<IAuditSubjectHasher>();
        TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    public AuditPipeline Pipeline { get; }

    public IAuditSubjectHasher Hasher { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>The audit services of <paramref name="context"/>, or <see langword="null"/> when auditing is off for it.</summary>
    public static EntityAudit? For(DbContext? context)
    {
        if (context is null || AuditSuppression.IsActive)
        {
            return null;
        }

        var services = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        if (services is null)
        {
            return null;
        }

        // One per application service provider (every query and save asks): resolved once, not per command.
        return ByServices.GetValue(services, static sp => new Holder(sp.GetService<AuditPipeline>() is { } pipeline ? new EntityAudit(pipeline, sp) : null)).Audit;
    }

    /// <summary>The tenant of the current <see cref="IDataGuardTenantContext"/>, if one is registered.</summary>
    public string? TenantId => _services.GetService<IDataGuardTenantContext>()?.TenantId;

    public ClaimsPrincipal? Principal => _services.GetService<IDataGuardPrincipalAccessor>()?.Principal;

    /// <summary>Hashes a data-subject value (as invariant text); <see langword="null"/>, empty and blank values identify no one.</summary>
    public string? HashSubject(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : Hasher.Hash(text);
    }

    /// <summary>Completes events with the actor, time and trace, and the purpose of the current <see cref="AuditContext"/>.</summary>
    public AuditEvent Complete(AuditEvent auditEvent, ClaimsPrincipal? principal, AuditOutcome outcome, string? reason = null)
        => AuditEventFactory.Complete(auditEvent with { Purpose = auditEvent.Purpose ?? AuditContext.Current?.Purpose }, principal, TimeProvider, outcome, reason);

    /// <summary>
    /// Writes events: inside the context's current transaction when the trail is synchronous and the context has one (the records then
    /// commit or roll back with the data), else through the pipeline (buffered, or stored before returning in synchronous mode).
    /// Subjects are also added to the current <see cref="AuditContext"/>.
    /// </summary>
    /// <remarks>
    /// Failures inside an application transaction are written in it too: writing them on another connection could wait forever for the
    /// stream head that an earlier audited save of the same transaction locked. SaveChanges rolls back to its savepoint on failure, so
    /// the transaction is still usable; a failed <c>ExecuteUpdate</c> on PostgreSQL aborts it, and then the audit write fails as well.
    /// </remarks>
    public async Task WriteAsync(DbContext context, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        if (AuditContext.Current is { } scope)
        {
            foreach (var auditEvent in events)
            {
                if (auditEvent.Subjects.Count > 0)
                {
                    scope.AddSubjects(auditEvent.Subjects);
                }
            }
        }

        if (Pipeline.Options.WriteMode == AuditWriteMode.Synchronous && context.Database.CurrentTransaction is not null)
        {
            await Pipeline.WriteInTransactionAsync(events, context, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var auditEvent in events)
        {
            await Pipeline.WriteAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The cached audit services of one provider (<see langword="null"/> when it has no audit trail).</summary>
    private sealed record Holder(EntityAudit? Audit);
}
