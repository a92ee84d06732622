// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Auditing;
using DataGuard.EFCore.Query;
using DataGuard.EFCore.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// The typed work of one policy over <typeparamref name="TEntity"/>: predicates built as expression trees over the model's property
/// names (lists sent as one collection parameter each), counts, and set-based batches that never load entities into a change tracker.
/// </summary>
/// <typeparam name="TEntity">The policy's entity type.</typeparam>
internal sealed class TypedPolicyRunner<TEntity> : PolicyRunner
    where TEntity : class
{
    /// <summary>The most characters of a hook's reason for retaining a row that reach logs and run errors.</summary>
    private const int MaxReasonLength = 200;

    private readonly ParameterExpression _row = Expression.Parameter(typeof(TEntity), "e");
    private readonly Action<UpdateSettersBuilder<TEntity>>? _anonymize;
    private readonly RetentionHoldTarget _holdTarget;
    private readonly RetentionPrincipalHolds _principalHolds;

    public TypedPolicyRunner(ResolvedPolicy policy)
        : base(policy)
    {
        _holdTarget = RetentionHoldTarget.Of(policy);
        _principalHolds = RetentionPrincipalHolds.For(policy.EntityType, policy.Tenant is not null);
        if (policy.Action == RetentionAction.Anonymize)
        {
            var setters = new List<(LambdaExpression Property, object? Value)>();
            foreach (var target in policy.Anonymized)
            {
                setters.Add((Selector(target.Property), target.Marker));
                if (target.IndexProperty is { } index)
                {
                    setters.Add((Selector(index), null));
                }
            }

            _anonymize = builder =>
            {
                foreach (var (property, value) in setters)
                {
                    Setters<TEntity>.Set(builder, property, value);
                }
            };
        }
    }

    public override async Task CountAsync(
        DbContext context, RetentionGroup group, ActiveLegalHolds holds, GroupOutcome outcome, bool dryRun, IReadOnlyDictionary<Type, LambdaExpression>? removed, CancellationToken cancellationToken)
    {
        if (group.Cutoff is null)
        {
            return;
        }

        // A dry run does not count the rows an earlier policy of the run would have removed by then.
        var gone = removed is not null && removed.TryGetValue(typeof(TEntity), out var removal) ? Expression.Not(RetentionParameterReplacer.Apply(removal, _row)) : null;
        var expired = RetentionExpressions.And(RetentionExpressions.And(Expired(group), InGroup(group)), gone);
        if (Policy.Action == RetentionAction.Keep)
        {
            outcome.Kept += await Count(context, expired, cancellationToken).ConfigureAwait(false);
            return;
        }

        expired = RetentionExpressions.And(expired, NotAnonymized());
        var held = Held(context, holds);
        var blocked = Blocked(context, removed);
        if (held is not null)
        {
            outcome.HeldBack += await Count(context, RetentionExpressions.And(expired, held), cancellationToken).ConfigureAwait(false);
        }

        var free = RetentionExpressions.And(expired, held is null ? null : Expression.Not(held));

        // Rows with a dependent under a hold of its own stay with it: held back too.
        if (HeldBelow(context, Policy.EntityType, _row, holds) is { } heldBelow)
        {
            outcome.HeldBack += await Count(context, RetentionExpressions.And(free, heldBelow), cancellationToken).ConfigureAwait(false);
            free = RetentionExpressions.And(free, Expression.Not(heldBelow));
        }

        if (blocked is not null)
        {
            // Rows a held restricting dependent refers to wait for the hold to end: held back, not failed. (A hold that cannot be matched
            // on the dependent's table only leaves them counted as failed: they are never purged while the dependent is there anyway.)
            if (BlockedByHeldOrNull(context, holds) is { } heldDependent)
            {
                outcome.HeldBack += await Count(context, RetentionExpressions.And(free, heldDependent), cancellationToken).ConfigureAwait(false);
                free = RetentionExpressions.And(free, Expression.Not(heldDependent));
            }

            var skipped = await Count(context, RetentionExpressions.And(free, blocked), cancellationToken).ConfigureAwait(false);
            if (skipped > 0)
            {
                outcome.Failed += skipped;
                outcome.Errors.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Policy.Category}: {skipped} rows skipped: rows of {BlockingNames()} refer to them and their delete behaviour restricts deletion"));
            }
        }

        if (dryRun)
        {
            var purged = RetentionExpressions.And(free, blocked is null ? null : Expression.Not(blocked))!;
            outcome.Purged += await Count(context, purged, cancellationToken).ConfigureAwait(false);
            if (Policy.Action is RetentionAction.Delete or RetentionAction.Archive)
            {
                outcome.Dependents += await CountDependentsAsync(context, Policy.EntityType, Expression.Lambda<Func<TEntity, bool>>(purged, _row), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override LambdaExpression? Removal(DbContext context, IReadOnlyList<RetentionGroup> groups, ActiveLegalHolds holds, IReadOnlyDictionary<Type, LambdaExpression>? removed)
    {
        if (Policy.Action is not (RetentionAction.Delete or RetentionAction.Archive))
        {
            return null;
        }

        Expression? expired = null;
        foreach (var group in groups)
        {
            if (group.Cutoff is not null)
            {
                expired = RetentionExpressions.Or(expired, RetentionExpressions.And(Expired(group), InGroup(group)));
            }
        }

        if (expired is null)
        {
            return null;
        }

        var held = RetentionExpressions.Or(Held(context, holds), HeldBelow(context, Policy.EntityType, _row, holds));
        var blocked = Blocked(context, removed);
        var body = RetentionExpressions.And(RetentionExpressions.And(expired, held is null ? null : Expression.Not(held)), blocked is null ? null : Expression.Not(blocked))!;
        return Expression.Lambda<Func<TEntity, bool>>(body, _row);
    }

    public override async Task PurgeAsync(RetentionRunState run, RetentionGroup group, GroupOutcome outcome, CancellationToken cancellationToken)
    {
        if (group.Cutoff is null || Policy.Action == RetentionAction.Keep)
        {
            return;
        }

        var excluded = new List<object?>();
        var retained = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await PurgeBatchesAsync(run, group, outcome, excluded, retained, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (reason, count) in retained)
            {
                outcome.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Policy.Category}: {count} rows stay for the next run: {reason}"));
                RetentionLog.RowsFailed(run.Logger, Policy.Category, count, reason);
            }
        }
    }

    /// <summary>Runs the batches of a group until one finds fewer rows than the batch size (or an archive failure stops them).</summary>
    private async Task PurgeBatchesAsync(
        RetentionRunState run, RetentionGroup group, GroupOutcome outcome, List<object?> excluded, Dictionary<string, long> retained, CancellationToken cancellationToken)
    {
        var context = run.Context;
        var batchSize = run.BatchSize;
        while (true)
        {
            if (!Policy.KeysFirst)
            {
                // One statement per batch: the lease check and the hold reload run inside its transaction (no separate pre-check).
                cancellationToken.ThrowIfCancellationRequested();
                int affected;
                var transaction = await context.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // First statement of the batch transaction: renew the lease (lost: roll back and stop), then reload the holds the
                    // statement excludes, so a hold committed before this point is honoured.
                    var fresh = await run.InTransactionAsync(cancellationToken).ConfigureAwait(false);
                    var batch = Batch(Where(context, Eligible(context, group, fresh)), batchSize);
                    affected = await ExecuteAsync(batch).ConfigureAwait(false);
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }

                outcome.Purged += affected;
                RetentionLog.Batch(run.Logger, Policy.Category, Policy.Table, affected, 0);
                if (affected < batchSize)
                {
                    break;
                }

                continue;
            }

            // Keys first (hooks, archive, dependents): the lease is checked and the holds loaded before the keys are selected, and
            // again inside the purge's transaction.
            var holds = await run.BeforeBatchAsync(cancellationToken).ConfigureAwait(false);
            var eligible = Eligible(context, group, holds);
            var selection = RetentionExpressions.And(eligible, excluded.Count == 0 ? null : Expression.Not(RetentionExpressions.In(RetentionValues.ToArray(excluded, Policy.Key!.ClrType), Key())));
            List<object?> keys;
            if (Policy.HookType is not null)
            {
                var rows = await Batch(Where(context, selection), batchSize).AsNoTracking().ToListAsync(CancellationToken.None).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    break;
                }

                // Archive first: a failed archive stops the policy before any hook deleted a file of rows that then stay.
                if (Policy.Action == RetentionAction.Archive)
                {
                    await ArchiveAsync(run, rows.Select(KeyOf).ToList(), outcome, cancellationToken).ConfigureAwait(false);
                }

                keys = await RunHooksAsync(run, rows, excluded, retained, outcome, cancellationToken).ConfigureAwait(false);
                if (rows.Count < batchSize && keys.Count == 0)
                {
                    break;
                }

                if (keys.Count > 0)
                {
                    await PurgeKeysAsync(run, group, keys, excluded, outcome, cancellationToken).ConfigureAwait(false);
                }

                if (rows.Count < batchSize)
                {
                    break;
                }

                continue;
            }

            var selector = Expression.Lambda<Func<TEntity, object?>>(Expression.Convert(Key(), typeof(object)), _row);
            keys = await Batch(Where(context, selection), batchSize).Select(selector).ToListAsync(CancellationToken.None).ConfigureAwait(false);
            if (keys.Count == 0)
            {
                break;
            }

            if (Policy.Action == RetentionAction.Archive)
            {
                await ArchiveAsync(run, keys, outcome, cancellationToken).ConfigureAwait(false);
            }

            var selected = keys.Count;
            await PurgeKeysAsync(run, group, keys, excluded, outcome, cancellationToken).ConfigureAwait(false);
            if (selected < batchSize)
            {
                break;
            }
        }
    }

    /// <summary>
    /// The rows a batch may purge under these holds: past their period, in the group, not yet anonymized, not held, without a held
    /// dependent, not blocked by a restricting one.
    /// </summary>
    private Expression? Eligible(DbContext context, RetentionGroup group, ActiveLegalHolds holds)
    {
        var expired = RetentionExpressions.And(RetentionExpressions.And(Expired(group), InGroup(group)), NotAnonymized());
        var held = Held(context, holds);
        var heldBelow = HeldBelow(context, Policy.EntityType, _row, holds);
        var blocked = Blocked(context);
        return RetentionExpressions.And(
            RetentionExpressions.And(
                RetentionExpressions.And(expired, held is null ? null : Expression.Not(held)),
                heldBelow is null ? null : Expression.Not(heldBelow)),
            blocked is null ? null : Expression.Not(blocked));
    }

    /// <summary>
    /// Purges the rows of these keys (already archived, for archive policies) with their dependents, in one transaction whose first
    /// statement renews the lease and reloads the holds. Inside it the keys that still qualify are selected again under the fresh holds;
    /// only their dependents are handled and only they are purged. A purge count that differs from that selection rolls the batch back.
    /// Keys that no longer qualify (or whose batch rolled back) are not selected again in this run.
    /// </summary>
    private async Task PurgeKeysAsync(RetentionRunState run, RetentionGroup group, List<object?> keys, List<object?> excluded, GroupOutcome outcome, CancellationToken cancellationToken)
    {
        var context = run.Context;
        long dependents = 0;
        var affected = 0;
        List<object?> qualifying;
        var committed = false;
        var transaction = await context.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var holds = await run.InTransactionAsync(cancellationToken).ConfigureAwait(false);
            var eligible = Eligible(context, group, holds);
            var selector = Expression.Lambda<Func<TEntity, object?>>(Expression.Convert(Key(), typeof(object)), _row);
            qualifying = await Where(context, RetentionExpressions.And(RetentionExpressions.In(RetentionValues.ToArray(keys, Policy.Key!.ClrType), Key()), eligible))
                .Select(selector).ToListAsync(CancellationToken.None).ConfigureAwait(false);
            if (qualifying.Count > 0)
            {
                if (Policy.Action != RetentionAction.Anonymize)
                {
                    dependents = await HandleDependentsAsync(context, Policy.EntityType, qualifying, holds, 0).ConfigureAwait(false);
                }

                var batch = Where(context, RetentionExpressions.And(RetentionExpressions.In(RetentionValues.ToArray(qualifying, Policy.Key!.ClrType), Key()), eligible));
                affected = await ExecuteAsync(batch).ConfigureAwait(false);
                if (affected == qualifying.Count)
                {
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    committed = true;
                }
                else
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        if (!committed)
        {
            // Nothing qualifies any more (held now, changed) or the rows changed under the batch: not selected again in this run.
            excluded.AddRange(keys);
            if (qualifying.Count > 0)
            {
                outcome.Failed += qualifying.Count;
                outcome.Errors.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Policy.Category}: a batch of {qualifying.Count} rows changed while it was purged ({affected} rows matched); it was rolled back and stays for the next run"));
            }

            return;
        }

        if (qualifying.Count < keys.Count)
        {
            var kept = new HashSet<object?>(qualifying);
            excluded.AddRange(keys.Where(k => !kept.Contains(k)));
        }

        outcome.Purged += affected;
        outcome.Dependents += dependents;
        RetentionLog.Batch(run.Logger, Policy.Category, Policy.Table, affected, dependents);
    }

    /// <summary>Deletes the batch's rows, or anonymizes them (setting encrypted and blind-index columns to null, past the query guard).</summary>
    private async Task<int> ExecuteAsync(IQueryable<TEntity> batch)
    {
        if (_anonymize is null)
        {
            return await batch.ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
        }

        using (TrustedQueryScope.Begin())
        {
            return await batch.ExecuteUpdateAsync(_anonymize, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the hooks over a batch's rows and returns the keys of the rows they did not retain.</summary>
    private async Task<List<object?>> RunHooksAsync(
        RetentionRunState run, List<TEntity> rows, List<object?> excluded, Dictionary<string, long> retained, GroupOutcome outcome, CancellationToken cancellationToken)
    {
        var hookName = "IRetentionHook<" + typeof(TEntity).Name + ">";
        var batch = new RetentionHookBatch<TEntity>(Policy.Category, Policy.Action, rows);
        try
        {
            // Application code: audited like any other (the run's own statements are not), and work it starts inherits no suppression.
            using (AuditSuppression.Pause())
            {
                foreach (var hook in run.Services.GetServices(Policy.HookType!).OfType<IRetentionHook<TEntity>>())
                {
                    await hook.BeforePurgeAsync(batch, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var reason = hookName + " threw " + e.GetType().Name;
            excluded.AddRange(rows.Select(KeyOf));
            outcome.Failed += rows.Count;
            retained[reason] = retained.GetValueOrDefault(reason) + rows.Count;
            return [];
        }

        var keys = new List<object?>(rows.Count);
        foreach (var row in rows)
        {
            if (batch.Retained.TryGetValue(row, out var why))
            {
                var reason = hookName + " retained them (" + SafeReason(run, why) + ")";
                retained[reason] = retained.GetValueOrDefault(reason) + 1;
                excluded.Add(KeyOf(row));
                outcome.Failed++;
            }
            else
            {
                keys.Add(KeyOf(row));
            }
        }

        return keys;
    }

    /// <summary>
    /// A hook's reason as it may reach logs, run records and audit events: application text (a file name can hold a phone number), so
    /// it goes through the registered <see cref="ITextRedactor"/>, or has every digit hidden without one, and is cut to
    /// <see cref="MaxReasonLength"/> characters.
    /// </summary>
    private static string SafeReason(RetentionRunState run, string why)
    {
        var safe = run.Services.GetService<ITextRedactor>() is { } redactor
            ? redactor.Redact(why) ?? string.Empty
            : string.Create(why.Length, why, static (span, text) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = char.IsDigit(text[i]) ? '#' : text[i];
                }
            });
        return safe.Length > MaxReasonLength ? safe[..MaxReasonLength] + "..." : safe;
    }

    /// <summary>
    /// Hands the stored values of these rows to the archive. On failure the rows stay (counted as failed, with the exception's type) and
    /// the exception goes on: it stops the policy for this run (an archive that fails once would most likely fail every batch), which
    /// the run reports as failed; the next run tries again.
    /// </summary>
    private async Task ArchiveAsync(RetentionRunState run, List<object?> keys, GroupOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            var archive = run.Services.GetService<IRetentionArchive>()
                ?? throw new InvalidOperationException("No IRetentionArchive is registered.");
            var (columns, values) = await ReadStoredAsync(run.Context, keys).ConfigureAwait(false);
            using (AuditSuppression.Pause())
            {
                await archive.ArchiveAsync(
                    new RetentionArchiveBatch
                    {
                        RunId = run.RunId,
                        Category = Policy.Category,
                        EntityType = typeof(TEntity).FullName ?? typeof(TEntity).Name,
                        Table = Policy.Table,
                        Columns = columns,
                        Rows = values,
                        ArchivedAt = run.TimeProvider.GetUtcNow(),
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            outcome.Failed += keys.Count;
            outcome.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Policy.Category}: {e.GetType().Name}: the archive failed; {keys.Count} rows stay for the next run and the policy stopped for this run"));
            RetentionLog.RowsFailed(run.Logger, Policy.Category, keys.Count, "archive failed: " + e.GetType().Name);
            throw;
        }
    }

    /// <summary>Reads the rows' stored values (no converters: encrypted columns stay as stored) with raw SQL, in chunks of keys.</summary>
    private async Task<(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)> ReadStoredAsync(DbContext context, List<object?> keys)
    {
        var entityType = Policy.EntityType;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = context.GetService<ISqlGenerationHelper>();
        var columns = new List<string>();
        foreach (var property in entityType.GetProperties())
        {
            if (property.GetColumnName(table) is { } column && !columns.Contains(column))
            {
                columns.Add(column);
            }
        }

        var key = Policy.Key!;
        var keyColumn = key.GetColumnName(table)!;
        var rows = new List<IReadOnlyList<object?>>(keys.Count);
        await context.Database.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            foreach (var chunk in keys.Chunk(RawChunk))
            {
                using var command = RawCommand.Create(context);
                var text = new StringBuilder("SELECT ");
                for (var c = 0; c < columns.Count; c++)
                {
                    text.Append(c == 0 ? string.Empty : ", ").Append(sql.DelimitIdentifier(columns[c]));
                }

                text.Append(" FROM ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" WHERE ").Append(sql.DelimitIdentifier(keyColumn)).Append(" IN (");
                for (var i = 0; i < chunk.Length; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ").Append(RawCommand.AddParameter(sql, command, key, "k" + i.ToString(CultureInfo.InvariantCulture), chunk[i]));
                }

                command.CommandText = text.Append(')').ToString();
                var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
                    {
                        var values = new object?[columns.Count];
                        for (var c = 0; c < values.Length; c++)
                        {
                            values[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
                        }

                        rows.Add(values);
                    }
                }
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        return (columns, rows);
    }

    /// <summary>The policy's rows matching <paramref name="body"/>, whatever the application's global query filters say.</summary>
    private IQueryable<TEntity> Where(DbContext context, Expression? body)
        => body is null ? context.Set<TEntity>().IgnoreQueryFilters() : context.Set<TEntity>().IgnoreQueryFilters().Where(Expression.Lambda<Func<TEntity, bool>>(body, _row));

    private Task<long> Count(DbContext context, Expression? body, CancellationToken cancellationToken) => Where(context, body).LongCountAsync(cancellationToken);

    /// <summary>The oldest rows first, at most <paramref name="size"/>.</summary>
    private IQueryable<TEntity> Batch(IQueryable<TEntity> query, int size)
    {
        var ordered = Expression.Call(
            typeof(Queryable), nameof(Queryable.OrderBy), [typeof(TEntity), Policy.Timestamp.ClrType], query.Expression, Expression.Quote(Selector(Policy.Timestamp)));
        return query.Provider.CreateQuery<TEntity>(ordered).Take(size);
    }

    private LambdaExpression Selector(IProperty property)
        => Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(TEntity), property.ClrType), RetentionExpressions.Property(_row, property), _row);

    private Expression Key() => RetentionExpressions.Property(_row, Policy.Key!);

    private object? KeyOf(TEntity row)
    {
        var key = Policy.Key!;
        return key.PropertyInfo is { } property ? property.GetValue(row) : key.FieldInfo?.GetValue(row);
    }

    /// <summary><c>timestamp &lt; cutoff</c> (strict: a row exactly at the cutoff is kept; a null timestamp never expires).</summary>
    private BinaryExpression Expired(RetentionGroup group)
    {
        var timestamp = Policy.Timestamp;
        var cutoff = group.Cutoff!.Value;
        object value;
        if ((Nullable.GetUnderlyingType(timestamp.ClrType) ?? timestamp.ClrType) == typeof(DateTime))
        {
            value = Policy.TimestampWithoutTimeZone ? DateTime.SpecifyKind(cutoff.UtcDateTime, DateTimeKind.Unspecified) : cutoff.UtcDateTime;
        }
        else
        {
            value = cutoff.ToUniversalTime();
        }

        return Expression.LessThan(RetentionExpressions.Property(_row, timestamp), RetentionExpressions.Parameter(value, timestamp.ClrType));
    }

    private Expression? InGroup(RetentionGroup group)
    {
        if (Policy.Tenant is not { } tenant)
        {
            return null;
        }

        if (group.TenantId is not null)
        {
            return Expression.Equal(RetentionExpressions.Property(_row, tenant), RetentionExpressions.Parameter(group.TenantValue, tenant.ClrType));
        }

        return group.ExcludedTenants is { Length: > 0 } excluded
            ? Expression.Not(RetentionExpressions.In(excluded, RetentionExpressions.Property(_row, tenant)))
            : null;
    }

    /// <summary>Rows an anonymize policy has not cleared yet (any target not null and not its marker); null for other actions.</summary>
    private Expression? NotAnonymized()
    {
        Expression? any = null;
        foreach (var target in Policy.Anonymized)
        {
            var property = RetentionExpressions.Property(_row, target.Property);
            var cleared = target.Marker is null
                ? Expression.NotEqual(property, Expression.Constant(null, property.Type))
                : Expression.NotEqual(property, Expression.Constant(target.Marker, property.Type));
            any = RetentionExpressions.Or(any, cleared);
        }

        return any;
    }

    /// <summary>
    /// Rows a legal hold in force covers (tenant, record and subject holds), directly or through a principal they refer to
    /// (<see cref="RetentionPrincipalHolds"/>), or <see langword="null"/> when none applies.
    /// </summary>
    /// <exception cref="InvalidOperationException">A hold naming this table or a principal's cannot be applied (fail closed: see <see cref="RetentionHoldPredicate"/>).</exception>
    private Expression? Held(DbContext context, ActiveLegalHolds holds)
        => RetentionExpressions.Or(
            RetentionHoldPredicate.Held(_holdTarget, _row, holds, Policy.Category),
            _principalHolds.Held(context, _row, holds, Policy.Category));

    /// <summary>Rows that dependents with a restricting delete behaviour refer to (they are skipped), or <see langword="null"/>.</summary>
    private Expression? Blocked(DbContext context, IReadOnlyDictionary<Type, LambdaExpression>? removed = null)
    {
        Expression? blocked = null;
        foreach (var step in Policy.OwnSteps)
        {
            if (step.Action == DependentAction.Block)
            {
                var except = removed is not null && removed.TryGetValue(step.Dependent.ClrType, out var removal) ? removal : null;
                blocked = RetentionExpressions.Or(blocked, RetentionExpressions.Referenced(context, step, _row, except));
            }
        }

        return blocked;
    }

    private Expression? BlockedByHeldOrNull(DbContext context, ActiveLegalHolds holds)
    {
        try
        {
            return BlockedByHeld(context, _row, holds);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private string BlockingNames()
        => string.Join(", ", Policy.OwnSteps.Where(s => s.Action == DependentAction.Block).Select(s => s.Dependent.DisplayName()).Distinct(StringComparer.Ordinal));
}
