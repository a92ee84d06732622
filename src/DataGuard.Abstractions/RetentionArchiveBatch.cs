// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard;

/// <summary>Rows of one table handed to an <see cref="IRetentionArchive"/>, with their stored values.</summary>
public sealed class RetentionArchiveBatch
{
    /// <summary>Gets the retention run.</summary>
    public required Guid RunId { get; init; }

    /// <summary>Gets the policy's category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the entity type (CLR full name).</summary>
    public required string EntityType { get; init; }

    /// <summary>Gets the table name.</summary>
    public required string Table { get; init; }

    /// <summary>Gets the column names, in the order of each row's values.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>
    /// Gets the rows: one value per column, as the database stores it (<see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
    /// <see cref="decimal"/>, <see cref="bool"/>, <see cref="Guid"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>,
    /// <see cref="byte"/> arrays, or <see langword="null"/>).
    /// </summary>
    public required IReadOnlyList<IReadOnlyList<object?>> Rows { get; init; }

    /// <summary>Gets when the batch was taken.</summary>
    public required DateTimeOffset ArchivedAt { get; init; }
}
