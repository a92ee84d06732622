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
    /// Filters to the rows whose encrypted, searchable phone-number property equals <paramref name="value"/>, reading a number written in
    /// national form in <paramref name="region"/> (for example the tenant's region). Every written form of the number finds the row.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="source">A query starting from a <c>DbSet</c> of a context configured with <c>UseDataGuard</c>.</param>
    /// <param name="property">The phone-number property, for example <c>c =&gt; c.CallerNumber</c>.</param>
    /// <param name="value">The number in any written form; <see langword="null"/> finds rows where the property is null.</param>
    /// <param name="region">
    /// The region (ISO 3166-1 alpha-2) that reads a national number; <see langword="null"/> for the tenant's region (when the query starts at
    /// a <c>DbSet</c>), else <c>PhoneNumberOptions.DefaultRegion</c>. It is ignored for numbers written with <c>+</c>.
    /// </param>
    /// <returns>The filtered query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="property"/> is <see langword="null"/>.</exception>
    /// <exception cref="DataGuardQueryException">The property is not searchable, or the region cannot be known.</exception>
    /// <remarks>On a property that is not a phone number, <paramref name="region"/> has no effect.</remarks>
    public static IQueryable<TEntity> WhereEquals<TEntity>(this IQueryable<TEntity> source, Expression<Func<TEntity, string?>> property, string? value, string? region)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(property);
        return BlindIndexQuery.Where(source, property, [value], region);
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
