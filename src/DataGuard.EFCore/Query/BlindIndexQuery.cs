// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using DataGuard.EFCore.ChangeTracking;
using DataGuard.EFCore.PhoneNumbers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.EFCore.Query;

/// <summary>Builds the blind-index predicates behind <c>WhereEquals</c> and <c>WhereEqualsAny</c>.</summary>
internal static class BlindIndexQuery
{
    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!.MakeGenericMethod(typeof(string));
    private static readonly MethodInfo ContainsMethod = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2)
        .MakeGenericMethod(typeof(string));

    public static IQueryable<TEntity> Where<TEntity, TProperty>(IQueryable<TEntity> source, Expression<Func<TEntity, TProperty>> selector, IReadOnlyCollection<TProperty> values, string? region = null)
    {
        var (searchable, instance) = Resolve(source, selector);
        if (searchable.PhoneNumbers is { } phoneNumbers)
        {
            values = values.Select(v => v is string s ? (TProperty)(object)NormalizePhoneNumber(source, searchable, phoneNumbers, s, region) : v).ToList();
        }

        var indexes = new List<string>();
        var matchNull = false;
        foreach (var value in values)
        {
            if (value is null)
            {
                matchNull = true;
                continue;
            }

            indexes.AddRange(searchable.Protector.ComputeBlindIndexCandidates(value));
        }

        Expression? predicate = null;
        if (indexes.Count > 0)
        {
            var column = Expression.Call(PropertyMethod, instance, Expression.Constant(searchable.IndexProperty.Name));
            predicate = indexes.Count == 1
                ? Expression.Equal(column, Parameter(indexes[0]))
                : Expression.Call(ContainsMethod, Parameter(indexes.Distinct(StringComparer.Ordinal).ToArray()), column);
        }

        if (matchNull)
        {
            var isNull = Expression.Equal(selector.Body, Expression.Constant(null, selector.Body.Type));
            predicate = predicate is null ? isNull : Expression.OrElse(predicate, isNull);
        }

        predicate ??= Expression.Constant(false);
        return source.Where(Expression.Lambda<Func<TEntity, bool>>(predicate, selector.Parameters));
    }

    /// <summary>
    /// Brings a phone number to E.164 before it is hashed, so every written form finds the row. A number in international form needs no
    /// region; a national one is read in the explicit region, else the tenant's (from the context of a query that starts at a DbSet),
    /// else the default region — but never the default when the application has tenant regions and the tenant cannot be known here.
    /// A value that is not a valid number is hashed as given, which matches no stored (always valid) number.
    /// </summary>
    private static string NormalizePhoneNumber<TEntity>(IQueryable<TEntity> source, SearchableProperty searchable, PhoneNumberSettings phoneNumbers, string value, string? region)
    {
        if (region is null && !value.AsSpan().TrimStart().StartsWith("+", StringComparison.Ordinal))
        {
            if (source is IInfrastructure<IServiceProvider> infrastructure)
            {
                region = infrastructure.Instance.GetService<IDbContextOptions>()?.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
                    ?.GetService<IDataGuardTenantContext>()?.PhoneRegion;
            }
            else if (phoneNumbers.TenantRegions)
            {
                throw new DataGuardQueryException(
                    $"WhereEquals on {searchable.Property.DeclaringType.DisplayName()}.{searchable.Property.Name}: the number is in national form and the application "
                    + "reads national numbers in each tenant's region, which this composed query cannot see. Pass the region explicitly "
                    + "(WhereEquals(x => x.Number, value, region)), start the query at the DbSet, or write the number in international form.");
            }
        }

        return phoneNumbers.Normalizer.TryNormalize(value, region, out var e164, out _) ? e164 : value;
    }

    private static MemberExpression Parameter<T>(T value)
        => Expression.Property(Expression.Constant(new QueryValue<T>(value)), nameof(QueryValue<T>.BlindIndex));

    private static (SearchableProperty Property, Expression Instance) Resolve<TEntity, TProperty>(IQueryable<TEntity> source, Expression<Func<TEntity, TProperty>> selector)
    {
        var root = new RootFinder().Find(source.Expression)
            ?? throw new InvalidOperationException("WhereEquals needs a query that starts from a DbSet of an EF Core context configured with UseDataGuard.");
        var entityType = root.EntityType.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"WhereEquals needs a query over an entity type; {typeof(TEntity).Name} is not one in this model.");

        var path = new Stack<MemberExpression>();
        var body = selector.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert } convert)
        {
            body = convert.Operand;
        }

        var node = body;
        while (node is MemberExpression member)
        {
            path.Push(member);
            node = member.Expression;
        }

        // Generic code constrained to an interface reads the property through a cast of the parameter.
        while (node is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs } cast)
        {
            node = cast.Operand;
        }

        if (node != selector.Parameters[0] || path.Count == 0)
        {
            throw new ArgumentException("The property selector must be a property access such as x => x.CallerNumber or x => x.Address.Phone.", nameof(selector));
        }

        IEntityType type = entityType;
        Expression instance = selector.Parameters[0];
        while (path.Count > 1)
        {
            var step = path.Pop();
            var navigation = type.FindNavigation(step.Member.Name)
                ?? throw new DataGuardQueryException($"{type.DisplayName()}.{step.Member.Name} is not an owned or navigation property; blind indexes exist only on entity types (complex types cannot have them).");
            type = navigation.TargetEntityType;
            instance = step;
        }

        var last = path.Pop();
        var property = type.FindProperty(last.Member.Name)
            ?? throw new DataGuardQueryException($"{type.DisplayName()}.{last.Member.Name} is not a mapped property.");
        var searchable = SearchablePropertyIndex.For(property)
            ?? throw new DataGuardQueryException(
                $"{type.DisplayName()}.{property.Name} is not searchable: mark it [Encrypted(Searchable = true)] or configure .HasBlindIndex(). "
                + "WhereEquals only queries blind indexes; for a plaintext property, write an ordinary Where.");
        return (searchable, instance);
    }

    private sealed class RootFinder : ExpressionVisitor
    {
        private EntityQueryRootExpression? _root;

        public EntityQueryRootExpression? Find(Expression expression)
        {
            Visit(expression);
            return _root;
        }

        protected override Expression VisitExtension(Expression node)
        {
            if (node is EntityQueryRootExpression root)
            {
                _root ??= root;
                return node;
            }

            return base.VisitExtension(node);
        }
    }
}
