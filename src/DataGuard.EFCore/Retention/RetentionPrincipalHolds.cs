// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// Holds that flow from principals to their dependents: a row is held when a principal it refers to through a foreign key (followed
/// from the row's type to principal types, transitively up to <see cref="MaxDepth"/> levels, each type once per path) is held by a
/// subject hold (matched through the principal's own searchable data-subject and phone-number columns), a record hold on that
/// principal, or a tenant hold on the principal's tenant (only when the row's own type has no tenant: otherwise its own tenant covers it).
/// </summary>
/// <remarks>
/// The predicate is an <c>EXISTS</c> subquery per foreign key over the principal's table (query filters ignored), so it stays inside
/// the purge statement it is part of. A null foreign key refers to no principal and inherits nothing.
/// </remarks>
internal sealed class RetentionPrincipalHolds
{
    /// <summary>How many foreign-key levels above a row its holds are inherited from.</summary>
    public const int MaxDepth = 4;

    private readonly IReadOnlyList<Link> _links;
    private readonly bool _tenantHolds;

    private RetentionPrincipalHolds(IReadOnlyList<Link> links, bool tenantHolds)
    {
        _links = links;
        _tenantHolds = tenantHolds;
    }

    /// <summary>The principals of <paramref name="entityType"/> (the foreign keys followed, their targets and the principals above them).</summary>
    /// <param name="entityType">The type of the rows that inherit holds.</param>
    /// <param name="hasTenant">Whether the rows have a tenant of their own (then tenant holds are matched on the row, not on its principals).</param>
    /// <param name="except">
    /// A foreign key of <paramref name="entityType"/> not to follow: for dependents reached by a purge, the key to the principal being
    /// purged (which is not held, or it would not be purged).
    /// </param>
    public static RetentionPrincipalHolds For(IEntityType entityType, bool hasTenant, IForeignKey? except = null)
        => new(Links(entityType, [entityType], 1, except), !hasTenant);

    /// <summary>
    /// The rows (the row expression <paramref name="row"/>) that a hold on one of their principals covers, or <see langword="null"/> when
    /// no hold in force can apply to a principal.
    /// </summary>
    /// <exception cref="InvalidOperationException">A hold that names a principal's table cannot be converted to its column types (fail closed).</exception>
    public Expression? Held(DbContext context, Expression row, ActiveLegalHolds holds, string category)
    {
        if (holds.IsEmpty || _links.Count == 0)
        {
            return null;
        }

        var matched = _tenantHolds || holds.Tenants.Count == 0 ? holds : holds with { Tenants = new HashSet<string>(StringComparer.Ordinal) };
        if (matched.IsEmpty)
        {
            return null;
        }

        return Held(context, _links, row, matched, category);
    }

    private static Expression? Held(DbContext context, IReadOnlyList<Link> links, Expression row, ActiveLegalHolds holds, string category)
    {
        Expression? any = null;
        foreach (var link in links)
        {
            var principal = Expression.Parameter(link.Target.EntityType.ClrType, "p" + link.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var held = RetentionExpressions.Or(
                RetentionHoldPredicate.Held(link.Target, principal, holds, category),
                Held(context, link.Above, principal, holds, category));
            if (held is null)
            {
                continue;
            }

            Expression? refers = null;
            for (var i = 0; i < link.ForeignKey.Properties.Count; i++)
            {
                Expression foreignKey = RetentionExpressions.Property(row, link.ForeignKey.Properties[i]);
                Expression principalKey = RetentionExpressions.Property(principal, link.ForeignKey.PrincipalKey.Properties[i]);
                if (foreignKey.Type != principalKey.Type)
                {
                    var common = Nullable.GetUnderlyingType(foreignKey.Type) is null ? typeof(Nullable<>).MakeGenericType(foreignKey.Type) : foreignKey.Type;
                    foreignKey = Expression.Convert(foreignKey, common);
                    principalKey = Expression.Convert(principalKey, common);
                }

                refers = RetentionExpressions.And(refers, Expression.Equal(principalKey, foreignKey));
            }

            var clrType = link.Target.EntityType.ClrType;
            var source = RetentionExpressions.Set(context, clrType);
            any = RetentionExpressions.Or(
                any,
                Expression.Call(
                    typeof(Queryable),
                    nameof(Queryable.Any),
                    [clrType],
                    PolicyRunner.IgnoreQueryFilters(source.Expression, clrType),
                    Expression.Quote(Expression.Lambda(Expression.AndAlso(refers!, held), principal))));
        }

        return any;
    }

    /// <summary>The foreign keys of <paramref name="type"/> whose principals can be queried, each type once per path.</summary>
    private static List<Link> Links(IEntityType type, HashSet<IEntityType> path, int depth, IForeignKey? except = null)
    {
        var links = new List<Link>();
        if (depth > MaxDepth)
        {
            return links;
        }

        foreach (var foreignKey in type.GetForeignKeys())
        {
            var principal = foreignKey.PrincipalEntityType;

            // Owned types and shared-type entities (property bags) cannot be queried on their own; a type already on the path is a cycle.
            if (foreignKey == except || foreignKey.IsOwnership || principal.IsOwned() || principal.HasSharedClrType || path.Contains(principal))
            {
                continue;
            }

            path.Add(principal);
            var above = Links(principal, path, depth + 1);
            path.Remove(principal);
            links.Add(new Link(foreignKey, RetentionHoldTarget.ForDependent(principal), above, depth));
        }

        return links;
    }

    /// <summary>One foreign key followed to its principal type.</summary>
    private sealed record Link(IForeignKey ForeignKey, RetentionHoldTarget Target, IReadOnlyList<Link> Above, int Depth);
}
