// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard;

/// <summary>One batch of expiring rows handed to an <see cref="IRetentionHook{TEntity}"/>.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class RetentionHookBatch<TEntity>
    where TEntity : class
{
    private readonly Dictionary<TEntity, string> _retained = new(ReferenceEqualityComparer.Instance);
    private HashSet<TEntity>? _members;

    /// <summary>Initializes a new instance of the <see cref="RetentionHookBatch{TEntity}"/> class.</summary>
    /// <param name="category">The policy's category.</param>
    /// <param name="action">What happens to the rows after the hook.</param>
    /// <param name="rows">The rows.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public RetentionHookBatch(string category, RetentionAction action, IReadOnlyList<TEntity> rows)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(rows);
        Category = category;
        Action = action;
        Rows = rows;
    }

    /// <summary>Gets the policy's category.</summary>
    public string Category { get; }

    /// <summary>Gets what happens to the rows after the hook.</summary>
    public RetentionAction Action { get; }

    /// <summary>Gets the rows, read without tracking.</summary>
    public IReadOnlyList<TEntity> Rows { get; }

    /// <summary>Gets the rows retained so far, with the reason given.</summary>
    public IReadOnlyDictionary<TEntity, string> Retained => _retained;

    /// <summary>Keeps a row for the next run (for example because its file could not be deleted).</summary>
    /// <param name="row">One of <see cref="Rows"/>.</param>
    /// <param name="reason">Why, without personal data (it is logged and reported).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="row"/> is not one of <see cref="Rows"/>.</exception>
    public void Retain(TEntity row, string reason)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(reason);
        _members ??= new HashSet<TEntity>(Rows, ReferenceEqualityComparer.Instance);
        if (!_members.Contains(row))
        {
            throw new ArgumentException("The row is not one of this batch's rows.", nameof(row));
        }

        _retained[row] = reason;
    }
}
