// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Retention;

/// <summary>Expression-tree pieces of the retention predicates: property access by model name, parameters, list membership.</summary>
internal static class RetentionExpressions
{
    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;
    private static readonly MethodInfo ContainsMethod = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2);

    private static readonly MethodInfo ParameterMethod = typeof(EF).GetMethod(nameof(EF.Parameter))!;

    private static readonly MethodInfo HolderMethod = typeof(RetentionExpressions).GetMethod(nameof(Holder), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo SetMethod = typeof(DbContext).GetMethods()
        .Single(m => m.Name == nameof(DbContext.Set) && m.IsGenericMethodDefinition && m.GetParameters().Length == 0);

    /// <summary><c>EF.Property&lt;T&gt;(instance, name)</c>: works for shadow properties (blind indexes) too.</summary>
    public static Expression Property(Expression instance, IProperty property)
        => Expression.Call(PropertyMethod.MakeGenericMethod(property.ClrType), instance, Expression.Constant(property.Name));

    /// <summary>A value EF Core sends as a parameter (a member access on a constant holder).</summary>
    public static Expression Parameter(object? value, Type type)
    {
        var holder = HolderMethod.MakeGenericMethod(type).Invoke(null, [value])!;
        return Expression.Property(Expression.Constant(holder), nameof(RetentionParameter<int>.Value));
    }

    /// <summary>A holder of <paramref name="value"/> as <typeparamref name="T"/> (a boxed value unboxes to its nullable form too).</summary>
    private static RetentionParameter<T> Holder<T>(object? value) => new((T)value!);

    /// <summary><c>values.Contains(item)</c> with the values as one collection parameter.</summary>
    public static Expression In(Array values, Expression item)
    {
        var elementType = values.GetType().GetElementType()!;
        if (item.Type != elementType)
        {
            item = Expression.Convert(item, elementType);
        }

        // EF.Parameter: one collection parameter (json_each on SQLite, = ANY on PostgreSQL) instead of EF Core 10's default of one scalar
        // parameter per element, whose binding cost grows with the square of the parameter count in Microsoft.Data.Sqlite.
        var list = Expression.Call(ParameterMethod.MakeGenericMethod(values.GetType()), Parameter(values, values.GetType()));
        return Expression.Call(ContainsMethod.MakeGenericMethod(elementType), list, item);
    }

    /// <summary>The query root of an entity type of <paramref name="context"/>.</summary>
    public static IQueryable Set(DbContext context, Type clrType) => (IQueryable)SetMethod.MakeGenericMethod(clrType).Invoke(context, null)!;

    /// <summary><c>a(x) || b(x)</c> of two predicates over the same type.</summary>
    public static LambdaExpression Either(LambdaExpression a, LambdaExpression b)
        => Expression.Lambda(a.Type, Expression.OrElse(a.Body, RetentionParameterReplacer.Apply(b, a.Parameters[0])), a.Parameters);

    /// <summary><c>a &amp;&amp; b</c>, where a <see langword="null"/> side is true.</summary>
    public static Expression? And(Expression? a, Expression? b) => a is null ? b : b is null ? a : Expression.AndAlso(a, b);

    /// <summary><c>a || b</c>, where a <see langword="null"/> side is false.</summary>
    public static Expression? Or(Expression? a, Expression? b) => a is null ? b : b is null ? a : Expression.OrElse(a, b);

    /// <summary>
    /// <c>principals.Any(p =&gt; p.Key == dependent.Fk &amp;&amp; principalRows(p))</c>: the dependent row refers to a principal row that
    /// <paramref name="principalRows"/> matches. The principals' query ignores the application's global query filters.
    /// </summary>
    public static Expression RefersTo(DbContext context, DependentStep step, Expression dependent, LambdaExpression principalRows)
    {
        var principal = Expression.Parameter(principalRows.Parameters[0].Type, "p");
        var body = Expression.AndAlso(KeysEqual(step, dependent, principal), RetentionParameterReplacer.Apply(principalRows, principal));
        var source = Set(context, principal.Type);
        return Expression.Call(
            typeof(Queryable), nameof(Queryable.Any), [principal.Type], PolicyRunner.IgnoreQueryFilters(source.Expression, principal.Type), Expression.Quote(Expression.Lambda(body, principal)));
    }

    /// <summary>
    /// <c>source.Any(d =&gt; d.Fk == principal.Key)</c>: a dependent refers to the principal row; with <paramref name="except"/>, only
    /// dependents it does not match count (a dry run leaves out the dependents an earlier policy would remove).
    /// </summary>
    /// <remarks>
    /// With <paramref name="matching"/>, <paramref name="except"/> is the other way round: only dependents it matches count (dependents
    /// under a legal hold). The dependents' query ignores the application's global query filters.
    /// </remarks>
    public static Expression Referenced(DbContext context, DependentStep step, Expression principal, LambdaExpression? except = null, bool matching = false)
    {
        var dependent = Expression.Parameter(step.Dependent.ClrType, "d");
        Expression body = KeysEqual(step, dependent, principal);
        if (except is not null)
        {
            var filter = RetentionParameterReplacer.Apply(except, dependent);
            body = Expression.AndAlso(body, matching ? filter : Expression.Not(filter));
        }

        var lambda = Expression.Lambda(body, dependent);
        var source = Set(context, step.Dependent.ClrType);
        return Expression.Call(
            typeof(Queryable), nameof(Queryable.Any), [step.Dependent.ClrType], PolicyRunner.IgnoreQueryFilters(source.Expression, step.Dependent.ClrType), Expression.Quote(lambda));
    }

    /// <summary><c>dependent.Fk == principal.Key</c>, both lifted to the nullable type when only one side is nullable.</summary>
    private static BinaryExpression KeysEqual(DependentStep step, Expression dependent, Expression principal)
    {
        Expression foreignKey = Property(dependent, step.Property);
        Expression principalKey = Property(principal, step.PrincipalProperty);
        if (foreignKey.Type != principalKey.Type)
        {
            var common = Nullable.GetUnderlyingType(foreignKey.Type) is null ? typeof(Nullable<>).MakeGenericType(foreignKey.Type) : foreignKey.Type;
            foreignKey = Expression.Convert(foreignKey, common);
            principalKey = Expression.Convert(principalKey, common);
        }

        return Expression.Equal(foreignKey, principalKey);
    }
}
