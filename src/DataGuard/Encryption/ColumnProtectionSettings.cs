// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Encryption;

/// <summary>How one column is protected, as read from the model (attributes or fluent configuration).</summary>
/// <param name="Table">The table (or the entity name when not mapped to a table), for messages.</param>
/// <param name="Column">The column (or the property name), for messages.</param>
/// <param name="AssociatedDataName">The stable logical name every ciphertext of the column is bound to.</param>
/// <param name="ValueType">The CLR type of the values: <see cref="string"/>, a byte array, or a supported value type.</param>
/// <param name="Algorithm">The algorithm for new values (<see cref="EncryptionAlgorithm.Default"/>: the application's default).</param>
/// <param name="Searchable">Whether the column has a blind index.</param>
/// <param name="NormalizerName">The normaliser of the blind index, or <see langword="null"/> for ordinal.</param>
/// <param name="AllowPlaintextMigration">Whether legacy plaintext is read as-is.</param>
internal sealed record ColumnProtectionSettings(
    string Table,
    string Column,
    string AssociatedDataName,
    Type ValueType,
    EncryptionAlgorithm Algorithm,
    bool Searchable,
    string? NormalizerName,
    bool AllowPlaintextMigration);
