// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.ChangeTracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking.Internal;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// Audits SaveChanges of entities with personal data (an encrypted, tokenized, phone-number or data-subject property): one
/// <c>create</c>, <c>update</c> or <c>delete</c> event per entity, written after the save succeeded (keys are then known), or with
/// outcome <see cref="AuditOutcome.Failed"/> and the exception's type name (never its message) when it failed.
/// </summary>
/// <remarks>
/// <para><b>What is recorded.</b> The entity's CLR type name as resource, its primary key as text (none when a key property is itself
/// personal data), the names (never the values) of the properties written (added: every property set to a non-null value; modified:
/// every changed property), the keyed hashes of its data-subject values (the original value for a delete; both values when an update
/// changes the subject), the tenant of <see cref="IDataGuardTenantContext"/>, the actor, roles, time, trace and the purpose of the
/// current <see cref="DataGuard.Auditing.AuditContext"/>. The subjects are also added to that context.</para>
/// <para><b>Where.</b> With <see cref="DataGuard.Auditing.AuditWriteMode.Synchronous"/> and a transaction the application began, the
/// records are written inside that transaction (they commit or roll back with the data), failed saves included (SaveChanges rolled
/// back to its savepoint, so the transaction is usable); otherwise through the audit pipeline.</para>
/// <para>Runs before DataGuard's other SaveChanges interceptors, so it sees the values the application assigned (not tokens).
/// Active only when <c>AddAudit</c> was called and <see cref="DataGuard.Auditing.AuditOptions.AuditChanges"/> is on. DataGuard's own
/// tables are never audited.</para>
/// </remarks>
internal sealed class AuditSaveChangesInterceptor : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, PendingSave> Pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
#pragma warning disable VSTHRD002 // SaveChanges is synchronous: the audit write (usually a completed buffer write) is awaited here.
        WriteAsync(eventData.Context, null, CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Not the caller's token: the data is committed, so its record must be written even if the caller gives up now.
        await WriteAsync(eventData.Context, null, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
#pragma warning disable VSTHRD002 // See SavedChanges.
        WriteAsync(eventData.Context, eventData.Exception, CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        => WriteAsync(eventData.Context, eventData.Exception, CancellationToken.None);

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            Pending.Remove(context);
        }
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesCanceled(eventData);
        return Task.CompletedTask;
    }

    private static void Capture(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        Pending.Remove(context);
        if (EntityAudit.For(context) is not { } audit || !audit.Pipeline.Options.AuditChanges)
        {
            return;
        }

        var index = AuditedEntityIndex.For(context);
        if (index.IsEmpty)
        {
            return;
        }

        var detect = context.ChangeTracker.AutoDetectChangesEnabled;
        List<Change>? changes = null;
        foreach (var entry in context.GetService<IStateManager>().Entries)
        {
            var state = entry.EntityState;
            if (state is not (EntityState.Added or EntityState.Modified or EntityState.Unchanged or EntityState.Deleted)
                || index.Find(entry.EntityType) is not { } audited)
            {
                continue;
            }

            var properties = new List<string>();
            if (state != EntityState.Deleted)
            {
                foreach (var property in entry.EntityType.GetProperties())
                {
                    var written = state == EntityState.Added
                        ? entry[property] is not null && !entry.HasTemporaryValue(property)
                        : PendingChange.IsPending(entry, state, property, entry[property], detect);
                    if (written)
                    {
                        properties.Add(property.Name);
                    }
                }

                if (state == EntityState.Unchanged && properties.Count == 0)
                {
                    continue;
                }
            }

            properties.Sort(StringComparer.Ordinal);
            var subjects = new List<string>();
            foreach (var property in audited.SubjectProperties)
            {
                if (state != EntityState.Added && audit.HashSubject(entry.GetOriginalValue(property)) is { } original)
                {
                    subjects.Add(original);
                }

                if (state != EntityState.Deleted && audit.HashSubject(entry[property]) is { } current && !subjects.Contains(current))
                {
                    subjects.Add(current);
                }
            }

            var action = state switch
            {
                EntityState.Added => AuditActions.Create,
                EntityState.Deleted => AuditActions.Delete,
                _ => AuditActions.Update,
            };
            var resourceId = HasTemporaryKey(entry, audited) ? null : audited.ResourceIdOf(p => entry[p]);
            (changes ??= []).Add(new Change(entry, audited, action, resourceId, properties.ToArray(), subjects.ToArray()));
        }

        if (changes is not null)
        {
            Pending.AddOrUpdate(context, new PendingSave(audit, changes, audit.TenantId, audit.Principal));
        }
    }

    private static async Task WriteAsync(DbContext? context, Exception? exception, CancellationToken cancellationToken)
    {
        if (context is null || !Pending.TryGetValue(context, out var pending))
        {
            return;
        }

        Pending.Remove(context);
        var outcome = exception is null ? AuditOutcome.Success : AuditOutcome.Failed;
        var reason = exception?.GetType().Name;
        var events = new List<AuditEvent>(pending.Changes.Count);
        foreach (var change in pending.Changes)
        {
            var resourceId = change.ResourceId;
            if (resourceId is null && exception is null && change.Action == AuditActions.Create)
            {
                resourceId = change.Type.ResourceIdOf(p => change.Entry[p]);
            }

            events.Add(pending.Audit.Complete(
                new AuditEvent
                {
                    Action = change.Action,
                    Resource = change.Type.Name,
                    ResourceId = resourceId,
                    TenantId = pending.TenantId,
                    Subjects = change.Subjects,
                    Properties = change.Properties,
                    Count = 1,
                },
                pending.Principal,
                outcome,
                reason));
        }

        await pending.Audit.WriteAsync(context, events, cancellationToken).ConfigureAwait(false);
    }

    private static bool HasTemporaryKey(InternalEntityEntry entry, AuditedEntityType audited)
    {
        foreach (var property in audited.Key)
        {
            if (entry.HasTemporaryValue(property))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One audited entity of a save.</summary>
    private sealed record Change(InternalEntityEntry Entry, AuditedEntityType Type, string Action, string? ResourceId, string[] Properties, string[] Subjects);

    /// <summary>The audited entities of a save in progress.</summary>
    private sealed record PendingSave(EntityAudit Audit, List<Change> Changes, string? TenantId, ClaimsPrincipal? Principal);
}
