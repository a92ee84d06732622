// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.EFCore.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// Stores the audit trail in the <c>DataGuardAuditRecords</c>, <c>DataGuardAuditSubjects</c> and <c>DataGuardAuditStreams</c> tables of
/// <typeparamref name="TContext"/> (added by <c>modelBuilder.AddDataGuard()</c>). Each call uses a fresh context from a new scope, except
/// appends inside a caller's transaction, which use the caller's context.
/// </summary>
/// <remarks>
/// <para><b>Serialisation.</b> An append first creates the stream's head row if missing (<c>INSERT ... ON CONFLICT DO NOTHING</c>),
/// then updates it to itself (<c>UPDATE ... SET Sequence = Sequence</c>) before reading it: on PostgreSQL that takes the row lock, on
/// SQLite the database write lock, so concurrent appenders in any number of processes wait for each other and each seals after the
/// head the previous one committed. The records, their subject rows and the new head are written in the same transaction. On
/// PostgreSQL an append in its own transaction waits at most <see cref="AuditOptions.LockTimeout"/> for a head another transaction holds
/// (<c>SET LOCAL lock_timeout</c>), then fails with a <see cref="DataGuardException"/> that explains the synchronous-mode trap; on SQLite
/// the connection's busy timeout (<c>Default Timeout</c>) bounds the wait.</para>
/// <para><b>Round trips.</b> Records are inserted with one multi-row statement per <see cref="InsertChunk"/> records (21 parameters per
/// row), subjects five times as many per statement; an append of n records takes about 4 + ⌈n/20⌉ + ⌈n/100⌉ statements (one more, the
/// lock timeout, in its own transaction on PostgreSQL). On SQLite (in-process, no round trips) one prepared single-row statement is
/// re-bound per row instead: Microsoft.Data.Sqlite's binding cost
/// of a statement grows with the square of its parameter count (measured on 500-record appends: 100-row chunks 140 µs per record,
/// prepared single rows about 40).</para>
/// <para><b>Time.</b> Stored as Unix microseconds (UTC); the chain normalises timestamps to whole microseconds before sealing, so the
/// stored value reads back exactly. A record whose timestamp has sub-microsecond ticks is refused (it could not verify after reading).</para>
/// </remarks>
/// <typeparam name="TContext">The context that holds the tables.</typeparam>
internal sealed class DbContextAuditStore<TContext>(IServiceScopeFactory scopes) : IAuditStore
    where TContext : DbContext
{
    /// <summary>The most records (and subject rows) per insert statement.</summary>
    public const int InsertChunk = 20;

    /// <summary>PostgreSQL's SQLSTATE for a lock wait that exceeded <c>lock_timeout</c>.</summary>
    private const string LockNotAvailable = "55P03";

    /// <summary>The wait bound when no <see cref="AuditOptions"/> are registered (the default of <see cref="AuditOptions.LockTimeout"/>).</summary>
    private static readonly TimeSpan DefaultLockTimeout = new AuditOptions().LockTimeout;

    public async Task AppendAsync(string stream, Func<AuditChainHead, IReadOnlyList<AuditRecord>> seal, object? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(seal);
        if (transaction is not null)
        {
            if (transaction is not DbContext caller)
            {
                throw new ArgumentException(
                    $"The EF Core audit store writes inside a DbContext's current transaction; it was given a {transaction.GetType().Name}.", nameof(transaction));
            }

            if (caller.Database.CurrentTransaction is null)
            {
                throw new InvalidOperationException(
                    $"Audit records were to be written in the current transaction of {caller.GetType().Name}, but it has none. Begin a transaction "
                    + "(context.Database.BeginTransaction()) or write the audit records outside a transaction.");
            }

            await AppendCoreAsync(caller, stream, seal, cancellationToken).ConfigureAwait(false);
            return;
        }

        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            var lockTimeout = scope.ServiceProvider.GetService<IOptions<AuditOptions>>()?.Value.LockTimeout ?? DefaultLockTimeout;
            var own = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (own.ConfigureAwait(false))
            {
                try
                {
                    if (IsPostgres(context))
                    {
                        // Bound the wait for a head another transaction holds (SET LOCAL: this transaction only; an integer, no input).
                        using var command = RawCommand.Create(context);
                        // At least one second even if the options escaped validation: PostgreSQL reads 0 as "wait forever".
                        var milliseconds = Math.Max(1_000L, (long)Math.Ceiling(lockTimeout.TotalMilliseconds));
                        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SET LOCAL lock_timeout = '{milliseconds}ms'");
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await AppendCoreAsync(context, stream, seal, cancellationToken).ConfigureAwait(false);
                    await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DbException e) when (e.SqlState == LockNotAvailable)
                {
                    // A tenant id is application text (it could be a phone number): the message names the system stream only.
                    var name = stream == IAuditTrail.SystemStream ? "'" + IAuditTrail.SystemStream + "'" : "of a tenant";
                    throw new DataGuardException(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"The audit stream {name} stayed locked by another transaction for {lockTimeout.TotalSeconds:0.###} s (AuditOptions.LockTimeout); nothing was written. In synchronous mode an open transaction that wrote audited changes holds its stream until it commits or rolls back, and an audit write of that stream outside it (for example a detokenization) waits for it: commit or roll back first, or use buffered mode."),
                        e);
                }
            }
        }
    }

    public async Task<AuditChainHead> GetHeadAsync(string stream, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = Resolve(scope);
            var head = await context.Set<DataGuardAuditStreamEntity>().AsNoTracking().Where(h => h.Stream == stream)
                .Select(h => new { h.Sequence, h.Hash }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return head is null || head.Sequence == 0 ? AuditChainHead.Empty : new AuditChainHead(head.Sequence, head.Hash);
        }
    }

    public async Task<IReadOnlyList<string>> GetStreamsAsync(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = Resolve(scope);
            var streams = await context.Set<DataGuardAuditStreamEntity>().AsNoTracking().Where(h => h.Sequence > 0).Select(h => h.Stream)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            streams.Sort(StringComparer.Ordinal);
            return streams;
        }
    }

    public async IAsyncEnumerable<AuditRecord> ReadAsync(string stream, long fromSequence, long? toSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = Resolve(scope);
            var query = context.Set<DataGuardAuditRecordEntity>().AsNoTracking().Where(r => r.Stream == stream && r.Sequence >= fromSequence);
            if (toSequence is { } to)
            {
                query = query.Where(r => r.Sequence <= to);
            }

            await foreach (var row in query.OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return ToRecord(row);
            }
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> FindBySubjectsAsync(IReadOnlyCollection<string> subjectHashes, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectHashes);
        if (subjectHashes.Count == 0 || to <= from)
        {
            return [];
        }

        var hashes = subjectHashes.Distinct(StringComparer.Ordinal).ToArray();
        var fromMicros = CeilingMicros(from);
        var toMicros = CeilingMicros(to);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = Resolve(scope);
            var subjects = context.Set<DataGuardAuditSubjectEntity>();
            var rows = await context.Set<DataGuardAuditRecordEntity>().AsNoTracking()
                .Where(r => r.TimestampMicros >= fromMicros && r.TimestampMicros < toMicros
                    && subjects.Any(s => s.RecordId == r.Id && hashes.Contains(s.SubjectHash)))
                .OrderBy(r => r.TimestampMicros).ThenBy(r => r.Stream).ThenBy(r => r.Sequence)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows.ConvertAll(ToRecord);
        }
    }

    /// <summary>Unix microseconds of a normalised timestamp.</summary>
    internal static long ToMicros(DateTimeOffset timestamp)
    {
        var ticks = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks % 10 != 0)
        {
            throw new InvalidOperationException(
                "An audit record's timestamp has sub-microsecond ticks: the chain must normalise timestamps to whole microseconds before sealing, or the stored record would not verify.");
        }

        return ticks / 10;
    }

    internal static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    internal static AuditRecord ToRecord(DataGuardAuditRecordEntity row) => new()
    {
        Stream = row.Stream,
        Sequence = row.Sequence,
        PreviousHash = row.PreviousHash,
        Hash = row.Hash,
        KeyId = row.KeyId,
        Event = new AuditEvent
        {
            Action = row.Action,
            Outcome = (AuditOutcome)row.Outcome,
            Timestamp = FromMicros(row.TimestampMicros),
            ActorId = row.ActorId,
            ActorRoles = AuditJson.Read(row.ActorRoles),
            ClientId = row.ClientId,
            TenantId = row.TenantId,
            Resource = row.Resource,
            ResourceId = row.ResourceId,
            Purpose = row.Purpose,
            Reason = row.Reason,
            TraceId = row.TraceId,
            RemoteAddress = row.RemoteAddress,
            Count = row.Count,
            Properties = AuditJson.Read(row.Properties),
            Subjects = AuditJson.Read(row.Subjects),
        },
    };

    /// <summary>The smallest whole microsecond at or after <paramref name="time"/> (so a bound between two microseconds filters as the exact time would).</summary>
    private static long CeilingMicros(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return (ticks / 10) + (ticks % 10 > 0 ? 1 : 0);
    }

    private static TContext Resolve(AsyncServiceScope scope)
    {
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        if (!AuditTables.IsMapped(context.Model))
        {
            throw new InvalidOperationException(
                $"{typeof(TContext).Name} stores DataGuard's audit trail but its model has no {AuditTables.RecordTableName} table. Call modelBuilder.AddDataGuard() in OnModelCreating, then add a migration.");
        }

        return context;
    }

    private static async Task AppendCoreAsync(DbContext context, string stream, Func<AuditChainHead, IReadOnlyList<AuditRecord>> seal, CancellationToken cancellationToken)
    {
        var tables = AuditTables.For(context);
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // 1. The head row exists; 2. lock it (a write before any read); 3. read it.
            using (var command = RawCommand.Create(context))
            {
                var s = RawCommand.AddParameter(context, command, tables.HeadStream, "s", stream);
                var zero = RawCommand.AddParameter(context, command, tables.HeadSequence, "z", 0L);
                command.CommandText = new StringBuilder("INSERT INTO ").Append(tables.HeadsName).Append(" (").Append(tables.HeadStreamColumn).Append(", ")
                    .Append(tables.HeadSequenceColumn).Append(") VALUES (").Append(s).Append(", ").Append(zero).Append(") ON CONFLICT DO NOTHING").ToString();
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var command = RawCommand.Create(context))
            {
                var s = RawCommand.AddParameter(context, command, tables.HeadStream, "s", stream);
                command.CommandText = new StringBuilder("UPDATE ").Append(tables.HeadsName).Append(" SET ").Append(tables.HeadSequenceColumn).Append(" = ")
                    .Append(tables.HeadSequenceColumn).Append(" WHERE ").Append(tables.HeadStreamColumn).Append(" = ").Append(s).ToString();
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var head = AuditChainHead.Empty;
            using (var command = RawCommand.Create(context))
            {
                var s = RawCommand.AddParameter(context, command, tables.HeadStream, "s", stream);
                command.CommandText = new StringBuilder("SELECT ").Append(tables.HeadSequenceColumn).Append(", ").Append(tables.HeadHashColumn)
                    .Append(" FROM ").Append(tables.HeadsName).Append(" WHERE ").Append(tables.HeadStreamColumn).Append(" = ").Append(s).ToString();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var sequence = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                        head = sequence == 0 ? AuditChainHead.Empty : new AuditChainHead(sequence, reader.IsDBNull(1) ? null : reader.GetString(1));
                    }
                }
            }

            var records = seal(head);
            if (records.Count == 0)
            {
                return;
            }

            Check(stream, head, records);
            var ids = await InsertRecordsAsync(context, tables, records, cancellationToken).ConfigureAwait(false);
            await InsertSubjectsAsync(context, tables, records, ids, cancellationToken).ConfigureAwait(false);

            var last = records[^1];
            using (var command = RawCommand.Create(context))
            {
                var s = RawCommand.AddParameter(context, command, tables.HeadStream, "s", stream);
                var sequence = RawCommand.AddParameter(context, command, tables.HeadSequence, "q", last.Sequence);
                var hash = RawCommand.AddParameter(context, command, tables.HeadHash, "h", last.Hash);
                command.CommandText = new StringBuilder("UPDATE ").Append(tables.HeadsName).Append(" SET ").Append(tables.HeadSequenceColumn).Append(" = ").Append(sequence)
                    .Append(", ").Append(tables.HeadHashColumn).Append(" = ").Append(hash)
                    .Append(" WHERE ").Append(tables.HeadStreamColumn).Append(" = ").Append(s).ToString();
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Refuses records that do not continue the head (a sealing bug must not corrupt the stored chain).</summary>
    private static void Check(string stream, AuditChainHead head, IReadOnlyList<AuditRecord> records)
    {
        var expected = head.Sequence;
        var previous = head.Hash;
        foreach (var record in records)
        {
            expected++;
            if (!string.Equals(record.Stream, stream, StringComparison.Ordinal) || record.Sequence != expected
                || !string.Equals(record.PreviousHash, previous, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"Sealed audit records do not continue the head of their stream (expected sequence {expected} linked to the previous hash); nothing was written."));
            }

            previous = record.Hash;
        }
    }

    /// <summary>Inserts the records and returns their ids, by position.</summary>
    private static async Task<long[]> InsertRecordsAsync(DbContext context, AuditTables tables, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var ids = new long[records.Count];
        var properties = tables.RecordProperties;
        var sqlHelper = context.GetService<ISqlGenerationHelper>();
        if (IsSqlite(context))
        {
            // SQLite runs in-process: one prepared single-row statement, re-bound per record, beats multi-row statements (whose
            // parameter binding cost grows with the square of their parameter count in Microsoft.Data.Sqlite).
            using var single = RawCommand.Create(context);
            var insert = new StringBuilder(tables.RecordInsertPrefix).Append('(');
            var values0 = ValuesOf(records[0]);
            for (var c = 0; c < values0.Length; c++)
            {
                insert.Append(c == 0 ? string.Empty : ", ").Append(RawCommand.AddParameter(sqlHelper, single, properties[c], string.Create(CultureInfo.InvariantCulture, $"p{c}"), values0[c]));
            }

            single.CommandText = insert.Append(") RETURNING ").Append(tables.RecordIdColumn).ToString();
            await single.PrepareAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < records.Count; i++)
            {
                var values = i == 0 ? values0 : ValuesOf(records[i]);
                for (var c = 0; c < values.Length; c++)
                {
                    single.Parameters[c].Value = values[c] ?? DBNull.Value;
                }

                ids[i] = Convert.ToInt64(await single.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }

            return ids;
        }

        for (var start = 0; start < records.Count; start += InsertChunk)
        {
            var count = Math.Min(InsertChunk, records.Count - start);
            using var command = RawCommand.Create(context);
            var sql = new StringBuilder(tables.RecordInsertPrefix);
            for (var i = 0; i < count; i++)
            {
                var values = ValuesOf(records[start + i]);
                sql.Append(i == 0 ? "(" : ", (");
                for (var c = 0; c < values.Length; c++)
                {
                    sql.Append(c == 0 ? string.Empty : ", ")
                        .Append(RawCommand.AddParameter(sqlHelper, command, properties[c], string.Create(CultureInfo.InvariantCulture, $"p{i}_{c}"), values[c]));
                }

                sql.Append(')');
            }

            // The ids come back with their sequence: RETURNING does not promise the order of the VALUES rows.
            command.CommandText = sql.Append(" RETURNING ").Append(tables.RecordIdColumn).Append(", ").Append(tables.RecordSequenceColumn).ToString();
            var first = records[start].Sequence;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                    var sequence = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                    ids[start + (int)(sequence - first)] = id;
                }
            }
        }

        return ids;
    }

    private static async Task InsertSubjectsAsync(DbContext context, AuditTables tables, IReadOnlyList<AuditRecord> records, long[] ids, CancellationToken cancellationToken)
    {
        var rows = new List<(string Hash, long Id)>();
        for (var i = 0; i < records.Count; i++)
        {
            foreach (var subject in records[i].Event.Subjects.Distinct(StringComparer.Ordinal))
            {
                rows.Add((subject, ids[i]));
            }
        }

        var sqlHelper = context.GetService<ISqlGenerationHelper>();
        if (IsSqlite(context) && rows.Count > 0)
        {
            using var single = RawCommand.Create(context);
            single.CommandText = new StringBuilder(tables.SubjectInsertPrefix).Append('(')
                .Append(RawCommand.AddParameter(sqlHelper, single, tables.SubjectHash, "h", rows[0].Hash)).Append(", ")
                .Append(RawCommand.AddParameter(sqlHelper, single, tables.SubjectRecordId, "r", rows[0].Id)).Append(')').ToString();
            await single.PrepareAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (hash, id) in rows)
            {
                single.Parameters[0].Value = hash;
                single.Parameters[1].Value = id;
                await single.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        for (var start = 0; start < rows.Count; start += InsertChunk * 5)
        {
            var count = Math.Min(InsertChunk * 5, rows.Count - start);
            using var command = RawCommand.Create(context);
            var sql = new StringBuilder(tables.SubjectInsertPrefix);
            for (var i = 0; i < count; i++)
            {
                var (hash, id) = rows[start + i];
                var index = i.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "(" : ", (")
                    .Append(RawCommand.AddParameter(sqlHelper, command, tables.SubjectHash, "h" + index, hash)).Append(", ")
                    .Append(RawCommand.AddParameter(sqlHelper, command, tables.SubjectRecordId, "r" + index, id)).Append(')');
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The column values of a record, in <see cref="AuditTables.RecordColumnOrder"/>.</summary>
    private static object?[] ValuesOf(AuditRecord record)
    {
        var e = record.Event;
        return
        [
            record.Stream, record.Sequence, ToMicros(e.Timestamp), e.Action, (int)e.Outcome, e.ActorId, AuditJson.Write(e.ActorRoles), e.ClientId, e.TenantId,
            e.Resource, e.ResourceId, e.Purpose, e.Reason, e.TraceId, e.RemoteAddress, e.Count, AuditJson.Write(e.Properties), AuditJson.Write(e.Subjects),
            record.PreviousHash, record.Hash, record.KeyId,
        ];
    }

    private static bool IsPostgres(DbContext context)
        => string.Equals(context.Database.ProviderName, "Npgsql.EntityFrameworkCore.PostgreSQL", StringComparison.Ordinal);

    private static bool IsSqlite(DbContext context)
        => string.Equals(context.Database.ProviderName, "Microsoft.EntityFrameworkCore.Sqlite", StringComparison.Ordinal);
}
