// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
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
    private readonly ParameterExpression _row = Expression.Parameter(typeof(TEntity), "e");
    private readonly Action<UpdateSettersBuilder<TEntity>>? _anonymize;

    public TypedPolicyRunner(ResolvedPolicy policy)
        : base(policy)
    {
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

    public override async Task CountAsync(DbContext context, RetentionGroup group, ActiveLegalHolds holds, GroupOutcome outcome, bool dryRun, CancellationToken cancellationToken)
    {
        if (group.Cutoff is null)
        {
            return;
        }

        var expired = RetentionExpressions.And(Expired(group), InGroup(group));
        if (Policy.Action == RetentionAction.Keep)
        {
            outcome.Kept += await Count(context, expired, cancellationToken).ConfigureAwait(false);
            return;
        }

        expired = RetentionExpressions.And(expired, NotAnonymized());
        var held = Held(holds);
        var blocked = Blocked(context);
        if (held is not null)
        {
            outcome.HeldBack += await Count(context, RetentionExpressions.And(expired, held), cancellationToken).ConfigureAwait(false);
        }

        var free = RetentionExpressions.And(expired, held is null ? null : Expression.Not(held));
        if (blocked is not null)
        {
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
            outcome.Purged += await Count(context, RetentionExpressions.And(free, blocked is null ? null : Expression.Not(blocked)), cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task PurgeAsync(RetentionRunState run, RetentionGroup group, GroupOutcome outcome, CancellationToken cancellationToken)
    {
        if (group.Cutoff is null || Policy.Action == RetentionAction.Keep)
        {
            return;
        }

        var context = run.Context;
        var batchSize = run.BatchSize;
        var excluded = new List<object?>();
        var retained = new Dictionary<string, long>(StringComparer.Ordinal);
        while (true)
        {
            var holds = await run.BeforeBatchAsync(cancellationToken).ConfigureAwait(false);
            var expired = RetentionExpressions.And(RetentionExpressions.And(Expired(group), InGroup(group)), NotAnonymized());
            var held = Held(holds);
            var blocked = Blocked(context);
            var eligible = RetentionExpressions.And(
                RetentionExpressions.And(expired, held is null ? null : Expression.Not(held)),
                blocked is null ? null : Expression.Not(blocked));

            if (!Policy.KeysFirst)
            {
                int affected;
                var transaction = await context.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var batch = Batch(Where(context, eligible), batchSize);
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

            var selection = RetentionExpressions.And(eligible, excluded.Count == 0 ? null : Expression.Not(RetentionExpressions.In(RetentionValues.ToArray(excluded, Policy.Key!.ClrType), Key())));
            List<object?> keys;
            if (Policy.HookType is not null)
            {
                var rows = await Batch(Where(context, selection), batchSize).AsNoTracking().ToListAsync(CancellationToken.None).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    break;
                }

                keys = await RunHooksAsync(run, rows, excluded, retained, outcome, cancellationToken).ConfigureAwait(false);
                if (rows.Count < batchSize && keys.Count == 0)
                {
                    break;
                }

                if (keys.Count > 0)
                {
                    await PurgeKeysAsync(run, keys, eligible, excluded, outcome, cancellationToken).ConfigureAwait(false);
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

            var selected = keys.Count;
            await PurgeKeysAsync(run, keys, eligible, excluded, outcome, cancellationToken).ConfigureAwait(false);
            if (selected < batchSize)
            {
                break;
            }
        }

        foreach (var (reason, count) in retained)
        {
            outcome.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Policy.Category}: {count} rows stay for the next run: {reason}"));
            RetentionLog.RowsFailed(run.Logger, Policy.Category, count, reason);
        }
    }

    /// <summary>Archives (archive policies) and purges the rows of these keys with their dependents, in one transaction.</summary>
    private async Task PurgeKeysAsync(RetentionRunState run, List<object?> keys, Expression? eligible, List<object?> excluded, GroupOutcome outcome, CancellationToken cancellationToken)
    {
        var context = run.Context;
        if (Policy.Action == RetentionAction.Archive && !await ArchiveAsync(run, keys, excluded, outcome, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        long dependents = 0;
        int affected;
        var transaction = await context.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (Policy.Action != RetentionAction.Anonymize)
            {
                dependents = await HandleDependentsAsync(context, Policy.EntityType, keys, 0).ConfigureAwait(false);
            }

            var batch = Where(context, RetentionExpressions.And(RetentionExpressions.In(RetentionValues.ToArray(keys, Policy.Key!.ClrType), Key()), eligible));
            affected = await ExecuteAsync(batch).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (affected == 0)
        {
            // Changed since they were selected (for example held now): do not select them again in this run.
            excluded.AddRange(keys);
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
            foreach (var hook in run.Services.GetServices(Policy.HookType!).OfType<IRetentionHook<TEntity>>())
            {
                await hook.BeforePurgeAsync(batch, cancellationToken).ConfigureAwait(false);
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
                var reason = hookName + " retained them (" + why + ")";
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

    /// <summary>Hands the stored values of these rows to the archive; on failure excludes them from this run and returns false.</summary>
    private async Task<bool> ArchiveAsync(RetentionRunState run, List<object?> keys, List<object?> excluded, GroupOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            var archive = run.Services.GetService<IRetentionArchive>()
                ?? throw new InvalidOperationException("No IRetentionArchive is registered.");
            var (columns, values) = await ReadStoredAsync(run.Context, keys).ConfigureAwait(false);
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
            return true;
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            excluded.AddRange(keys);
            outcome.Failed += keys.Count;
            outcome.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Policy.Category}: {e.GetType().Name}: the archive failed; {keys.Count} rows stay for the next run"));
            RetentionLog.RowsFailed(run.Logger, Policy.Category, keys.Count, "archive failed: " + e.GetType().Name);
            return false;
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

    private IQueryable<TEntity> Where(DbContext context, Expression? body)
        => body is null ? context.Set<TEntity>() : context.Set<TEntity>().Where(Expression.Lambda<Func<TEntity, bool>>(body, _row));

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

    /// <summary>Rows a legal hold in force covers (tenant, record and subject holds), or <see langword="null"/> when none applies.</summary>
    private Expression? Held(ActiveLegalHolds holds)
    {
        Expression? held = null;
        var tenant = Policy.Tenant;
        if (tenant is not null && holds.Tenants.Count > 0)
        {
            var tenants = RetentionValues.FromTexts(holds.Tenants, tenant.ClrType);
            if (tenants.Length > 0)
            {
                held = RetentionExpressions.Or(held, RetentionExpressions.In(tenants, RetentionExpressions.Property(_row, tenant)));
            }
        }

        var recordKeys = new List<string>();
        foreach (var name in Policy.HoldTypeNames)
        {
            if (holds.Records.TryGetValue(name, out var keys))
            {
                recordKeys.AddRange(keys);
            }
        }

        if (recordKeys.Count > 0)
        {
            if (Policy.Key is null)
            {
                throw new InvalidOperationException(
                    $"Retention policy '{Policy.Category}': a record hold names a row of {Policy.EntityType.DisplayName()}, whose key is composite; record holds need a single-column key.");
            }

            // A record key is unique in its table: a record hold limited to a tenant holds that row whatever the tenant (it can only be held more, never less).
            var keyValues = RetentionValues.FromTexts(recordKeys, Policy.Key.ClrType);
            if (keyValues.Length > 0)
            {
                held = RetentionExpressions.Or(held, RetentionExpressions.In(keyValues, Key()));
            }
        }

        if (holds.Subjects.Count > 0 && Policy.Subjects.Count > 0)
        {
            foreach (var searchable in Policy.Subjects)
            {
                var index = RetentionExpressions.Property(_row, searchable.IndexProperty);
                var everywhere = new List<string>();
                var byTenant = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var (identifier, tenantId) in holds.Subjects)
                {
                    var candidates = Candidates(searchable, identifier);
                    if (tenantId is null || tenant is null)
                    {
                        everywhere.AddRange(candidates);
                    }
                    else
                    {
                        if (!byTenant.TryGetValue(tenantId, out var list))
                        {
                            byTenant[tenantId] = list = [];
                        }

                        list.AddRange(candidates);
                    }
                }

                if (everywhere.Count > 0)
                {
                    held = RetentionExpressions.Or(held, RetentionExpressions.In(everywhere.Distinct(StringComparer.Ordinal).ToArray(), index));
                }

                foreach (var (tenantId, candidates) in byTenant)
                {
                    if (RetentionValues.FromText(tenantId, tenant!.ClrType) is not { } tenantValue)
                    {
                        continue;
                    }

                    held = RetentionExpressions.Or(
                        held,
                        Expression.AndAlso(
                            Expression.Equal(RetentionExpressions.Property(_row, tenant), RetentionExpressions.Parameter(tenantValue, tenant.ClrType)),
                            RetentionExpressions.In(candidates.Distinct(StringComparer.Ordinal).ToArray(), index)));
                }
            }
        }

        return held;
    }

    /// <summary>The blind-index candidates of a subject identifier in one column (phone numbers normalised to E.164 first).</summary>
    private static string[] Candidates(ChangeTracking.SearchableProperty searchable, string identifier)
    {
        var value = identifier;
        if (searchable.PhoneNumbers is { } phoneNumbers && phoneNumbers.Normalizer.TryNormalize(identifier, null, out var e164, out _))
        {
            value = e164;
        }

        return searchable.Protector.ComputeBlindIndexCandidates(value);
    }

    /// <summary>Rows that dependents with a restricting delete behaviour refer to (they are skipped), or <see langword="null"/>.</summary>
    private Expression? Blocked(DbContext context)
    {
        Expression? blocked = null;
        foreach (var step in Policy.OwnSteps)
        {
            if (step.Action == DependentAction.Block)
            {
                blocked = RetentionExpressions.Or(blocked, RetentionExpressions.Referenced(context, step, _row));
            }
        }

        return blocked;
    }

    private string BlockingNames()
        => string.Join(", ", Policy.OwnSteps.Where(s => s.Action == DependentAction.Block).Select(s => s.Dependent.DisplayName()).Distinct(StringComparer.Ordinal));
}
