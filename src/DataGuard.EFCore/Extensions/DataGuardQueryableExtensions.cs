// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using DataGuard;
using DataGuard.EFCore.Query;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Equality queries on encrypted, searchable properties, through their blind indexes.
/// </summary>
public static class DataGuardQueryableExtensions
{
    /// <summary>
    /// Filters to the rows whose encrypted, searchable property equals <paramref name="value"/> (after the property's normaliser),
    /// by comparing blind indexes. The value is hashed in the application and sent as a parameter; it never reaches the database.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="source">A query starting from a <c>DbSet</c> of a context configured with <c>UseDataGuard</c>.</param>
    /// <param name="property">The property, for example <c>c =&gt; c.CallerNumber</c> or <c>c =&gt; c.Address.Phone</c> (owned types).</param>
    /// <param name="value">The value to find; <see langword="null"/> finds rows where the property is null.</param>
    /// <returns>The filtered query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="property"/> is <see langword="null"/>.</exception>
    /// <exception cref="DataGuardQueryException">The property is not searchable.</exception>
    public static IQueryable<TEntity> WhereEquals<TEntity, TProperty>(this IQueryable<TEntity> source, Expression<Func<TEntity, TProperty>> property, TProperty value)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(property);
        return BlindIndexQuery.Where(source, property, [value]);
    }

    /// <summary>
    /// Filters to the rows whose encrypted, searchable property equals any of <paramref name="values"/> (SQL <c>IN</c> over blind indexes).
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="source">A query starting from a <c>DbSet</c> of a context configured with <c>UseDataGuard</c>.</param>
    /// <param name="property">The property.</param>
    /// <param name="values">The values to find (an empty list finds nothing).</param>
    /// <returns>The filtered query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/>, <paramref name="property"/> or <paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="DataGuardQueryException">The property is not searchable.</exception>
    public static IQueryable<TEntity> WhereEqualsAny<TEntity, TProperty>(this IQueryable<TEntity> source, Expression<Func<TEntity, TProperty>> property, IEnumerable<TProperty> values)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(values);
        return BlindIndexQuery.Where(source, property, values.ToList());
    }
}
