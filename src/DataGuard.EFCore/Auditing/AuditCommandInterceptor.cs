// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// Audits reads and bulk changes of entities with personal data at the command level, where projections and
/// <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> are visible (SaveChanges and materialization interceptors see neither).
/// </summary>
/// <remarks>
/// <para><b>Reads.</b> A reader command of a LINQ or <c>FromSql</c> query whose text references the table of an entity type with personal
/// data is followed until its reader is disposed; then one <c>read</c> event is written per query and entity type, with the number of
/// rows read as count (projections included) and the subject hashes of the entities materialized from it (projections: count only).
/// A query joining two such tables writes two events with the same count (rows of the result). Split queries write one event per
/// command. The event is written when the reader is disposed, a synchronous point: a buffered write returns at once, a synchronous
/// trail (or a full buffer) blocks there.</para>
/// <para><b>Bulk changes.</b> An <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> whose target (the first table the statement names) holds
/// such a type writes one <c>update</c>/<c>delete</c> event with the number of rows affected; a failed one is written as failed with
/// the exception's type name. In synchronous mode inside an application transaction, both kinds are written in that transaction.</para>
/// <para>DataGuard's own tables (keys, tokens, audit records) are never audited, so the audit store's commands are not.</para>
/// </remarks>
internal sealed class AuditCommandInterceptor : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        StartRead(command, eventData);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        StartRead(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        MeasureRows(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        MeasureRows(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (AuditReadTracker.Stop(command, eventData.Context) is { } read)
        {
            var events = new AuditEvent[read.Types.Length];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = read.Audit.Complete(
                    new AuditEvent
                    {
                        Action = AuditActions.Read,
                        Resource = read.Types[i].Name,
                        TenantId = read.TenantId,
                        Count = read.Rows ?? eventData.ReadCount,
                        Subjects = read.SubjectsOf(i),
                    },
                    read.Principal,
                    AuditOutcome.Success);
            }

#pragma warning disable VSTHRD002 // EF Core has no asynchronous disposing event; a buffered write completes at once.
            read.Audit.WriteAsync(eventData.Context!, events, CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        }

        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
#pragma warning disable VSTHRD002 // The synchronous ExecuteUpdate/ExecuteDelete path.
        BulkAsync(command, eventData.Context, eventData.CommandSource, result, null, CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Not the caller's token: the statement has run, so its record must be written even if the caller gives up now.
        await BulkAsync(command, eventData.Context, eventData.CommandSource, result, null, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
#pragma warning disable VSTHRD002 // See NonQueryExecuted.
        BulkAsync(command, eventData.Context, eventData.CommandSource, 0, eventData.Exception, CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        => BulkAsync(command, eventData.Context, eventData.CommandSource, 0, eventData.Exception, CancellationToken.None);

    /// <summary>
    /// The rows a closing reader returned. EF Core counts calls to <c>Read</c>, including the last one that found no row. One more
    /// <c>Read</c> (the reader is closing; a row it reads is never returned) tells whether the reader was exhausted: then the last call
    /// found no row, except when the client stopped exactly at the last row (<c>First</c> on a one-row result, told apart by
    /// <c>HasRows</c>; after two or more rows such a stop counts one row less).
    /// </summary>
    private static void MeasureRows(DbCommand command, DataReaderClosingEventData eventData)
    {
        if (AuditReadTracker.Find(command) is not { } read)
        {
            return;
        }

        var count = eventData.ReadCount;
        try
        {
            var reader = eventData.DataReader;
            if (!reader.IsClosed && !reader.Read())
            {
                count = count switch
                {
                    0 => 0,
                    1 => reader.HasRows ? 1 : 0,
                    _ => count - 1,
                };
            }
        }
        catch (InvalidOperationException)
        {
            // A reader that cannot read further: keep EF Core's count.
        }

        read.Rows = count;
    }

    private static void StartRead(DbCommand command, CommandExecutedEventData eventData)
    {
        if (eventData.CommandSource is not (CommandSource.LinqQuery or CommandSource.FromSqlQuery)
            || eventData.Context is not { } context
            || EntityAudit.For(context) is not { } audit
            || !audit.Pipeline.Options.AuditReads)
        {
            return;
        }

        var index = AuditedEntityIndex.For(context);
        if (index.IsEmpty)
        {
            return;
        }

        List<AuditedEntityType>? types = null;
        var text = command.CommandText;
        foreach (var (table, type) in index.Tables)
        {
            if (text.Contains(table, StringComparison.Ordinal) && !(types ??= []).Contains(type))
            {
                types.Add(type);
            }
        }

        if (types is not null)
        {
            AuditReadTracker.Start(command, context, new AuditedRead(audit, types.ToArray(), audit.TenantId, audit.Principal));
        }
    }

    private static async Task BulkAsync(DbCommand command, DbContext? context, CommandSource source, int rows, Exception? exception, CancellationToken cancellationToken)
    {
        if (source is not (CommandSource.ExecuteUpdate or CommandSource.ExecuteDelete)
            || context is null
            || EntityAudit.For(context) is not { } audit
            || !audit.Pipeline.Options.AuditChanges)
        {
            return;
        }

        var index = AuditedEntityIndex.For(context);
        var text = command.CommandText;
        AuditedEntityType? target = null;
        var first = int.MaxValue;
        foreach (var (table, type) in index.Tables)
        {
            var at = text.IndexOf(table, StringComparison.Ordinal);
            if (at >= 0 && at < first)
            {
                first = at;
                target = type;
            }
        }

        if (target is null)
        {
            return;
        }

        var auditEvent = audit.Complete(
            new AuditEvent
            {
                Action = source == CommandSource.ExecuteUpdate ? AuditActions.Update : AuditActions.Delete,
                Resource = target.Name,
                TenantId = audit.TenantId,
                Count = exception is null ? rows : 0,
            },
            audit.Principal,
            exception is null ? AuditOutcome.Success : AuditOutcome.Failed,
            exception?.GetType().Name);
        await audit.WriteAsync(context, [auditEvent], cancellationToken).ConfigureAwait(false);
    }
}
