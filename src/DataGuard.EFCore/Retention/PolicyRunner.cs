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

    private static readonly MethodInfo IgnoreQueryFiltersMethod = typeof(EntityFrameworkQueryableExtensions).GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters) && m.GetParameters().Length == 1);

    private static readonly MethodInfo CountWhereMethod = typeof(PolicyRunner).GetMethod(nameof(CountWhereCoreAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo CountOwnedMethod = typeof(PolicyRunner).GetMethod(nameof(CountOwnedCoreAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo CountDependentsMethod = typeof(PolicyRunner).GetMethod(nameof(CountHeldDependentsCoreAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>What legal holds are matched through on each dependent type a purge reaches.</summary>
    private readonly Dictionary<IEntityType, RetentionHoldTarget> _dependentTargets = [];

    /// <summary>The holds each dependent step's rows inherit from their other principals.</summary>
    private readonly Dictionary<DependentStep, RetentionPrincipalHolds> _dependentPrincipals = [];

    protected PolicyRunner(ResolvedPolicy policy)
    {
        Policy = policy;
        foreach (var steps in policy.Dependents.Values)
        {
            foreach (var step in steps)
            {
                // Deleted, detached and restricting dependents (a principal they block is held back, not failed, when the blocking
                // rows are held); owned rows go with their owner and carry no holds of their own.
                if (step.Action == DependentAction.DeleteOwned)
                {
                    continue;
                }

                if (!_dependentTargets.TryGetValue(step.Dependent, out var target))
                {
                    target = RetentionHoldTarget.ForDependent(step.Dependent);
                    _dependentTargets.Add(step.Dependent, target);
                }

                _dependentPrincipals.TryAdd(step, RetentionPrincipalHolds.For(step.Dependent, target.Tenant is not null, step.ForeignKey));
            }
        }
    }

    public ResolvedPolicy Policy { get; }

    public static PolicyRunner Create(ResolvedPolicy policy)
        => (PolicyRunner)Activator.CreateInstance(typeof(TypedPolicyRunner<>).MakeGenericType(policy.EntityType.ClrType), policy)!;

    /// <summary>
    /// Counts a group without changing anything. A dry run fills every count; after a real run only <see cref="GroupOutcome.HeldBack"/>,
    /// <see cref="GroupOutcome.Kept"/> and the rows skipped for restricting dependents (as failed) are added.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="group">The group.</param>
    /// <param name="holds">The holds in force.</param>
    /// <param name="outcome">Receives the counts.</param>
    /// <param name="dryRun">Whether this is a dry run.</param>
    /// <param name="removed">
    /// In a dry run, per CLR type, the rows the earlier policies of the run would remove (<see cref="Removal"/>): they are not counted, and
    /// restricting dependents among them do not block; <see langword="null"/> after a real run.
    /// </param>
    /// <param name="cancellationToken">Stops the counts.</param>
    public abstract Task CountAsync(
        DbContext context, RetentionGroup group, ActiveLegalHolds holds, GroupOutcome outcome, bool dryRun, IReadOnlyDictionary<Type, LambdaExpression>? removed, CancellationToken cancellationToken);

    /// <summary>
    /// The rows a delete or archive policy would remove over these groups (past their period, not held, not blocked), as a predicate over
    /// the entity type, or <see langword="null"/> for other actions or when nothing expires; a dry run hands it to the later policies.
    /// </summary>
    public abstract LambdaExpression? Removal(DbContext context, IReadOnlyList<RetentionGroup> groups, ActiveLegalHolds holds, IReadOnlyDictionary<Type, LambdaExpression>? removed);

    /// <summary>Purges a group batch by batch until a batch finds fewer rows than the batch size.</summary>
    public abstract Task PurgeAsync(RetentionRunState run, RetentionGroup group, GroupOutcome outcome, CancellationToken cancellationToken);

    /// <summary>
    /// Handles the dependents of the principal rows with these keys (values of <paramref name="principal"/>'s primary key), deepest
    /// first: deletes cascading ones, detaches set-null ones; a restricting dependent below the first level fails the batch.
    /// </summary>
    /// <returns>The dependent rows deleted or detached.</returns>
    /// <remarks>
    /// A dependent under a legal hold of its own (tenant, record or subject), or inherited from another of its principals
    /// (<see cref="RetentionPrincipalHolds"/>), is never deleted or detached: the purge statements carry the
    /// not-held predicate, and a batch that would have touched a held dependent is rolled back (throws). The batches exclude parents with
    /// held dependents beforehand (<see cref="HeldBelow(DbContext, IEntityType, Expression, ActiveLegalHolds)"/>), so this is a safety net for what that check cannot see (cycles).
    /// </remarks>
    protected async Task<long> HandleDependentsAsync(DbContext context, IEntityType principal, IReadOnlyCollection<object?> keys, ActiveLegalHolds holds, int depth)
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
                    var notHeld = await NotHeldAsync(context, step, values, holds).ConfigureAwait(false);
                    if (Policy.Dependents.TryGetValue(step.Dependent, out var below) && below.Count > 0)
                    {
                        var dependentKeys = await InvokeAsync<List<object?>>(DependentKeysMethod, step, context, values, notHeld).ConfigureAwait(false);
                        total += await HandleDependentsAsync(context, step.Dependent, dependentKeys, holds, depth + 1).ConfigureAwait(false);
                    }

                    total += await InvokeAsync<int>(DeleteDependentsMethod, step, context, values, notHeld).ConfigureAwait(false);
                    break;
                case DependentAction.SetNull:
                    total += await InvokeAsync<int>(SetNullMethod, step, context, values, await NotHeldAsync(context, step, values, holds).ConfigureAwait(false)).ConfigureAwait(false);
                    break;
                case DependentAction.DeleteOwned:
                    total += await DeleteOwnedAsync(context, step, keys).ConfigureAwait(false);
                    break;
            }
        }

        return total;
    }

    /// <summary>
    /// Rows of a type in <see cref="Policy"/>'s dependents plan that have a dependent under a legal hold of its own, at any depth (each
    /// type followed once per path), as a predicate over <paramref name="row"/>; <see langword="null"/> when no hold can apply. A purge
    /// leaves such rows (and so their held dependents) in place and counts them as held back.
    /// </summary>
    protected Expression? HeldBelow(DbContext context, IEntityType type, Expression row, ActiveLegalHolds holds)
        => holds.IsEmpty ? null : HeldBelow(context, type, row, holds, []);

    /// <summary>
    /// Counts, for a dry run, the dependent rows a purge of the <paramref name="principal"/> rows that <paramref name="principalRows"/>
    /// matches would delete or detach, at every depth: what a real run reports as <see cref="GroupOutcome.Dependents"/>. Each dependent
    /// type is counted once, over every path that reaches it (a row reached along two foreign keys counts once).
    /// </summary>
    /// <remarks>
    /// Rows with a held dependent are held back before this count, and restricting dependents keep their principals out of it, so every
    /// dependent of the counted rows goes. An owned type in its own table is counted through its owner's navigation. Each type is
    /// followed once per path, so a dependent type that refers to itself is counted one level deep.
    /// </remarks>
    protected async Task<long> CountDependentsAsync(DbContext context, IEntityType principal, LambdaExpression principalRows, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<IEntityType, LambdaExpression>();
        var owned = new Dictionary<(IEntityType Owner, INavigation Navigation), LambdaExpression>();
        CollectDependents(context, principal, principalRows, rows, owned, []);
        long total = 0;
        foreach (var (type, predicate) in rows)
        {
            total += await ((Task<long>)CountWhereMethod.MakeGenericMethod(type.ClrType)
                .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [context, predicate, cancellationToken], null)!).ConfigureAwait(false);
        }

        foreach (var ((owner, navigation), predicate) in owned)
        {
            total += await ((Task<long>)CountOwnedMethod.MakeGenericMethod(owner.ClrType)
                .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [context, navigation, predicate, cancellationToken], null)!).ConfigureAwait(false);
        }

        return total;
    }

    /// <summary>Gathers, per dependent type (and per owned navigation), the rows the purge reaches, as one predicate over all paths.</summary>
    private void CollectDependents(
        DbContext context,
        IEntityType principal,
        LambdaExpression principalRows,
        Dictionary<IEntityType, LambdaExpression> rows,
        Dictionary<(IEntityType Owner, INavigation Navigation), LambdaExpression> owned,
        HashSet<IEntityType> path)
    {
        if (!Policy.Dependents.TryGetValue(principal, out var steps) || !path.Add(principal))
        {
            return;
        }

        foreach (var step in steps)
        {
            switch (step.Action)
            {
                case DependentAction.Delete or DependentAction.SetNull:
                    var d = Expression.Parameter(step.Dependent.ClrType, "d");
                    var reached = Expression.Lambda(RetentionExpressions.RefersTo(context, step, d, principalRows), d);
                    rows[step.Dependent] = rows.TryGetValue(step.Dependent, out var earlier) ? RetentionExpressions.Either(earlier, reached) : reached;
                    if (step.Action == DependentAction.Delete)
                    {
                        CollectDependents(context, step.Dependent, reached, rows, owned, path);
                    }

                    break;
                case DependentAction.DeleteOwned when step.ForeignKey.PrincipalToDependent is { } navigation && !principal.IsOwned():
                    owned[(principal, navigation)] = owned.TryGetValue((principal, navigation), out var before) ? RetentionExpressions.Either(before, principalRows) : principalRows;
                    break;
            }
        }

        path.Remove(principal);
    }

    private static Task<long> CountWhereCoreAsync<TEntity>(DbContext context, LambdaExpression rows, CancellationToken cancellationToken)
        where TEntity : class
        => context.Set<TEntity>().IgnoreQueryFilters().Where((Expression<Func<TEntity, bool>>)rows).LongCountAsync(cancellationToken);

    /// <summary>The rows of an owned type in its own table that belong to the matched owners (a collection's items, or a reference that is set).</summary>
    private static Task<long> CountOwnedCoreAsync<TOwner>(DbContext context, INavigation navigation, LambdaExpression owners, CancellationToken cancellationToken)
        where TOwner : class
    {
        var query = context.Set<TOwner>().IgnoreQueryFilters().Where((Expression<Func<TOwner, bool>>)owners);
        var owner = Expression.Parameter(typeof(TOwner), "o");
        Expression value = navigation.PropertyInfo is { } property
            ? Expression.Property(owner, property)
            : Expression.Call(typeof(EF), nameof(EF.Property), [navigation.ClrType], owner, Expression.Constant(navigation.Name));
        if (!navigation.IsCollection)
        {
            return query.Where(Expression.Lambda<Func<TOwner, bool>>(Expression.NotEqual(value, Expression.Constant(null, value.Type)), owner)).LongCountAsync(cancellationToken);
        }

        var count = Expression.Call(typeof(Enumerable), nameof(Enumerable.LongCount), [navigation.TargetEntityType.ClrType], value);
        return query.SumAsync(Expression.Lambda<Func<TOwner, long>>(count, owner), cancellationToken);
    }

    /// <summary>
    /// Rows of <see cref="Policy"/>'s own type that a restricting dependent under a legal hold refers to (its own hold or one inherited
    /// from another of its principals), as a predicate over <paramref name="row"/>; <see langword="null"/> when no hold can apply. Such rows
    /// cannot be purged while the hold lasts: they are counted as held back, not as failed.
    /// </summary>
    protected Expression? BlockedByHeld(DbContext context, Expression row, ActiveLegalHolds holds)
    {
        if (holds.IsEmpty)
        {
            return null;
        }

        Expression? any = null;
        foreach (var step in Policy.OwnSteps)
        {
            if (step.Action != DependentAction.Block)
            {
                continue;
            }

            var d = Expression.Parameter(step.Dependent.ClrType, "d");
            if (DependentHeld(context, step, d, holds) is { } held)
            {
                any = RetentionExpressions.Or(any, RetentionExpressions.Referenced(context, step, row, Expression.Lambda(held, d), matching: true));
            }
        }

        return any;
    }

    private Expression? HeldBelow(DbContext context, IEntityType type, Expression row, ActiveLegalHolds holds, HashSet<IEntityType> path)
    {
        if (!Policy.Dependents.TryGetValue(type, out var steps) || !path.Add(type))
        {
            return null;
        }

        Expression? any = null;
        foreach (var step in steps)
        {
            if (step.Action is not (DependentAction.Delete or DependentAction.SetNull))
            {
                continue;
            }

            var d = Expression.Parameter(step.Dependent.ClrType, "d");
            var held = RetentionExpressions.Or(
                DependentHeld(context, step, d, holds),
                step.Action == DependentAction.Delete ? HeldBelow(context, step.Dependent, d, holds, path) : null);
            if (held is not null)
            {
                any = RetentionExpressions.Or(any, RetentionExpressions.Referenced(context, step, row, Expression.Lambda(held, d), matching: true));
            }
        }

        path.Remove(type);
        return any;
    }

    /// <summary>
    /// The not-held predicate of a step's dependents (null when no hold applies to them), after checking that none of the dependents of
    /// these keys is held: a held one rolls the batch back.
    /// </summary>
    private async Task<LambdaExpression?> NotHeldAsync(DbContext context, DependentStep step, Array keys, ActiveLegalHolds holds)
    {
        var d = Expression.Parameter(step.Dependent.ClrType, "d");
        if (DependentHeld(context, step, d, holds) is not { } held)
        {
            return null;
        }

        var heldLambda = Expression.Lambda(held, d);
        var count = await ((Task<long>)CountDependentsMethod.MakeGenericMethod(step.Dependent.ClrType).Invoke(null, [context, step, keys, heldLambda])!).ConfigureAwait(false);
        if (count > 0)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"Retention policy '{Policy.Category}': {count} rows of {step.Dependent.DisplayName()} under a legal hold depend on rows of this batch (delete behaviour {step.ForeignKey.DeleteBehavior}); the batch was rolled back and nothing of it was purged."));
        }

        return Expression.Lambda(Expression.Not(held), d);
    }

    /// <summary>
    /// The dependents of a step (the row expression <paramref name="d"/>) under a hold of their own or inherited from one of their other
    /// principals, or <see langword="null"/> when no hold can apply.
    /// </summary>
    private Expression? DependentHeld(DbContext context, DependentStep step, Expression d, ActiveLegalHolds holds)
        => RetentionExpressions.Or(
            RetentionHoldPredicate.Held(_dependentTargets[step.Dependent], d, holds, Policy.Category),
            _dependentPrincipals[step].Held(context, d, holds, Policy.Category));

    private static Task<T> InvokeAsync<T>(MethodInfo method, DependentStep step, DbContext context, Array keys, LambdaExpression? filter = null)
        => (Task<T>)method.MakeGenericMethod(step.Dependent.ClrType).Invoke(null, [context, step, keys, filter])!;

    /// <summary>The dependents of these keys (query filters ignored: retention sees every row), optionally filtered.</summary>
    private static IQueryable<TDependent> OfKeys<TDependent>(DbContext context, DependentStep step, Array keys, LambdaExpression? filter)
        where TDependent : class
    {
        var d = Expression.Parameter(typeof(TDependent), "d");
        var body = RetentionExpressions.In(keys, RetentionExpressions.Property(d, step.Property));
        if (filter is not null)
        {
            body = Expression.AndAlso(body, RetentionParameterReplacer.Apply(filter, d));
        }

        return context.Set<TDependent>().IgnoreQueryFilters().Where(Expression.Lambda<Func<TDependent, bool>>(body, d));
    }

    /// <summary><c>source.IgnoreQueryFilters()</c> as an expression (retention's queries see rows whatever the application's global filters say).</summary>
    internal static Expression IgnoreQueryFilters(Expression source, Type clrType) => Expression.Call(IgnoreQueryFiltersMethod.MakeGenericMethod(clrType), source);

    private static Task<int> DeleteDependentsCoreAsync<TDependent>(DbContext context, DependentStep step, Array keys, LambdaExpression? filter)
        where TDependent : class
        => OfKeys<TDependent>(context, step, keys, filter).ExecuteDeleteAsync(CancellationToken.None);

    private static Task<bool> AnyDependentCoreAsync<TDependent>(DbContext context, DependentStep step, Array keys, LambdaExpression? filter)
        where TDependent : class
        => OfKeys<TDependent>(context, step, keys, filter).AnyAsync(CancellationToken.None);

    private static Task<long> CountHeldDependentsCoreAsync<TDependent>(DbContext context, DependentStep step, Array keys, LambdaExpression? filter)
        where TDependent : class
        => OfKeys<TDependent>(context, step, keys, filter).LongCountAsync(CancellationToken.None);

    private static Task<int> SetNullCoreAsync<TDependent>(DbContext context, DependentStep step, Array keys, LambdaExpression? filter)
        where TDependent : class
    {
        var d = Expression.Parameter(typeof(TDependent), "d");
        var lambda = Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(TDependent), step.Property.ClrType), RetentionExpressions.Property(d, step.Property), d);
        return OfKeys<TDependent>(context, step, keys, filter).ExecuteUpdateAsync(
            setters => Setters<TDependent>.Set(setters, lambda, null), CancellationToken.None);
    }

    private static async Task<List<object?>> DependentKeysCoreAsync<TDependent>(DbContext context, DependentStep step, Array keys, LambdaExpression? filter)
        where TDependent : class
    {
        var key = step.Dependent.FindPrimaryKey()!.Properties[0];
        var d = Expression.Parameter(typeof(TDependent), "d");
        var selector = Expression.Lambda<Func<TDependent, object?>>(Expression.Convert(RetentionExpressions.Property(d, key), typeof(object)), d);
        return await OfKeys<TDependent>(context, step, keys, filter).AsNoTracking().Select(selector).ToListAsync(CancellationToken.None).ConfigureAwait(false);
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
