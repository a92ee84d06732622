// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// Runs one resolved policy: counts (dry run and held-back rows) and set-based purge batches. The typed work lives in
/// <see cref="TypedPolicyRunner{TEntity}"/>; this base handles dependents, which are reached by reflection over their entity types.
/// </summary>
internal abstract class PolicyRunner
{
    /// <summary>The most parameters of one raw statement (Microsoft.Data.Sqlite's binding cost grows with the square of their count).</summary>
    internal const int RawChunk = 100;

    /// <summary>How deep cascades are followed (a guard against cycles in the data).</summary>
    private const int MaxDepth = 32;

    private static readonly MethodInfo DeleteDependentsMethod = typeof(PolicyRunner).GetMethod(nameof(DeleteDependentsCoreAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo SetNullMethod = typeof(PolicyRunner).GetMethod(nameof(SetNullCoreAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo DependentKeysMethod = typeof(PolicyRunner).GetMethod(nameof(DependentKeysCoreAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo AnyDependentMethod = typeof(PolicyRunner).GetMethod(nameof(AnyDependentCoreAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    protected PolicyRunner(ResolvedPolicy policy) => Policy = policy;

    public ResolvedPolicy Policy { get; }

    public static PolicyRunner Create(ResolvedPolicy policy)
        => (PolicyRunner)Activator.CreateInstance(typeof(TypedPolicyRunner<>).MakeGenericType(policy.EntityType.ClrType), policy)!;

    /// <summary>
    /// Counts a group without changing anything. A dry run fills every count; after a real run only <see cref="GroupOutcome.HeldBack"/>,
    /// <see cref="GroupOutcome.Kept"/> and the rows skipped for restricting dependents (as failed) are added.
    /// </summary>
    public abstract Task CountAsync(DbContext context, RetentionGroup group, ActiveLegalHolds holds, GroupOutcome outcome, bool dryRun, CancellationToken cancellationToken);

    /// <summary>Purges a group batch by batch until a batch finds fewer rows than the batch size.</summary>
    public abstract Task PurgeAsync(RetentionRunState run, RetentionGroup group, GroupOutcome outcome, CancellationToken cancellationToken);

    /// <summary>
    /// Handles the dependents of the principal rows with these keys (values of <paramref name="principal"/>'s primary key), deepest
    /// first: deletes cascading ones, detaches set-null ones; a restricting dependent below the first level fails the batch.
    /// </summary>
    /// <returns>The dependent rows deleted or detached.</returns>
    protected async Task<long> HandleDependentsAsync(DbContext context, IEntityType principal, IReadOnlyCollection<object?> keys, int depth)
    {
        if (keys.Count == 0 || !Policy.Dependents.TryGetValue(principal, out var steps))
        {
            return 0;
        }

        if (depth > MaxDepth)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"Retention policy '{Policy.Category}': dependents of {principal.DisplayName()} nest deeper than {MaxDepth} levels; the batch was rolled back."));
        }

        long total = 0;
        foreach (var step in steps)
        {
            var values = RetentionValues.ToArray(keys, step.Property.ClrType);
            switch (step.Action)
            {
                case DependentAction.Block when depth > 0:
                    if (await InvokeAsync<bool>(AnyDependentMethod, step, context, values).ConfigureAwait(false))
                    {
                        throw new InvalidOperationException(
                            $"Retention policy '{Policy.Category}': rows of {step.Dependent.DisplayName()} restrict the deletion of {principal.DisplayName()} rows (delete behaviour {step.ForeignKey.DeleteBehavior}); the batch was rolled back. Configure a cascade or a policy for {step.Dependent.DisplayName()}.");
                    }

                    break;
                case DependentAction.Delete:
                    if (Policy.Dependents.TryGetValue(step.Dependent, out var below) && below.Count > 0)
                    {
                        var dependentKeys = await InvokeAsync<List<object?>>(DependentKeysMethod, step, context, values).ConfigureAwait(false);
                        total += await HandleDependentsAsync(context, step.Dependent, dependentKeys, depth + 1).ConfigureAwait(false);
                    }

                    total += await InvokeAsync<int>(DeleteDependentsMethod, step, context, values).ConfigureAwait(false);
                    break;
                case DependentAction.SetNull:
                    total += await InvokeAsync<int>(SetNullMethod, step, context, values).ConfigureAwait(false);
                    break;
                case DependentAction.DeleteOwned:
                    total += await DeleteOwnedAsync(context, step, keys).ConfigureAwait(false);
                    break;
            }
        }

        return total;
    }

    private static Task<T> InvokeAsync<T>(MethodInfo method, DependentStep step, DbContext context, Array keys)
        => (Task<T>)method.MakeGenericMethod(step.Dependent.ClrType).Invoke(null, [context, step, keys])!;

    private static IQueryable<TDependent> OfKeys<TDependent>(DbContext context, DependentStep step, Array keys)
        where TDependent : class
    {
        var d = Expression.Parameter(typeof(TDependent), "d");
        var predicate = Expression.Lambda<Func<TDependent, bool>>(RetentionExpressions.In(keys, RetentionExpressions.Property(d, step.Property)), d);
        return context.Set<TDependent>().Where(predicate);
    }

    private static Task<int> DeleteDependentsCoreAsync<TDependent>(DbContext context, DependentStep step, Array keys)
        where TDependent : class
        => OfKeys<TDependent>(context, step, keys).ExecuteDeleteAsync(CancellationToken.None);

    private static Task<bool> AnyDependentCoreAsync<TDependent>(DbContext context, DependentStep step, Array keys)
        where TDependent : class
        => OfKeys<TDependent>(context, step, keys).AnyAsync(CancellationToken.None);

    private static Task<int> SetNullCoreAsync<TDependent>(DbContext context, DependentStep step, Array keys)
        where TDependent : class
    {
        var d = Expression.Parameter(typeof(TDependent), "d");
        var lambda = Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(TDependent), step.Property.ClrType), RetentionExpressions.Property(d, step.Property), d);
        return OfKeys<TDependent>(context, step, keys).ExecuteUpdateAsync(
            setters => Setters<TDependent>.Set(setters, lambda, null), CancellationToken.None);
    }

    private static async Task<List<object?>> DependentKeysCoreAsync<TDependent>(DbContext context, DependentStep step, Array keys)
        where TDependent : class
    {
        var key = step.Dependent.FindPrimaryKey()!.Properties[0];
        var d = Expression.Parameter(typeof(TDependent), "d");
        var selector = Expression.Lambda<Func<TDependent, object?>>(Expression.Convert(RetentionExpressions.Property(d, key), typeof(object)), d);
        return await OfKeys<TDependent>(context, step, keys).AsNoTracking().Select(selector).ToListAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Deletes the rows of an owned type in its own table (owned types cannot be queried alone) with raw SQL, in chunks.</summary>
    private static async Task<long> DeleteOwnedAsync(DbContext context, DependentStep step, IReadOnlyCollection<object?> keys)
    {
        var dependent = step.Dependent;
        var table = dependent.GetTableName()!;
        var schema = dependent.GetSchema();
        var sql = context.GetService<ISqlGenerationHelper>();
        var column = step.Property.GetColumnName(StoreObjectIdentifier.Table(table, schema))!;
        long total = 0;
        foreach (var chunk in keys.Chunk(RawChunk))
        {
            using var command = RawCommand.Create(context);
            var text = new StringBuilder("DELETE FROM ").Append(sql.DelimitIdentifier(table, schema)).Append(" WHERE ").Append(sql.DelimitIdentifier(column)).Append(" IN (");
            for (var i = 0; i < chunk.Length; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(RawCommand.AddParameter(sql, command, step.Property, "k" + i.ToString(CultureInfo.InvariantCulture), chunk[i]));
            }

            command.CommandText = text.Append(')').ToString();
            total += await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return total;
    }
}
