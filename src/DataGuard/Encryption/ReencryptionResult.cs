// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;

namespace DataGuard.Encryption;

/// <summary>What one run of <see cref="IReencryptionJob"/> did.</summary>
public sealed class ReencryptionResult
{
    /// <summary>Gets the final progress of every table.</summary>
    public required IReadOnlyList<ReencryptionProgress> Tables { get; init; }

    /// <summary>Gets the number of rows read.</summary>
    public long RowsScanned => Tables.Sum(t => t.RowsScanned);

    /// <summary>Gets the number of rows rewritten.</summary>
    public long RowsRewritten => Tables.Sum(t => t.RowsRewritten);

    /// <summary>Gets the number of rows left for the next run because they changed concurrently.</summary>
    public long RowsConflicted => Tables.Sum(t => t.RowsConflicted);

    /// <summary>Gets the number of rows that could not be decrypted.</summary>
    public long RowsFailed => Tables.Sum(t => t.RowsFailed);
}
