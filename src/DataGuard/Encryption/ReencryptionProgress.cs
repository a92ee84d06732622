// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Encryption;

/// <summary>Progress of the re-encryption job on one table, reported after every batch.</summary>
public sealed class ReencryptionProgress
{
    /// <summary>Gets the table.</summary>
    public required string Table { get; init; }

    /// <summary>Gets the number of batches done on this table.</summary>
    public required int Batches { get; init; }

    /// <summary>Gets the number of rows read.</summary>
    public required long RowsScanned { get; init; }

    /// <summary>Gets the number of rows rewritten.</summary>
    public required long RowsRewritten { get; init; }

    /// <summary>Gets the number of rows changed by someone else between read and rewrite (left for the next run).</summary>
    public required long RowsConflicted { get; init; }

    /// <summary>Gets the number of rows that could not be decrypted (tampered, unknown key); they are left as they are and logged.</summary>
    public required long RowsFailed { get; init; }

    /// <summary>Gets a value indicating whether the table is done.</summary>
    public required bool Completed { get; init; }
}
