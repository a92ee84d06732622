// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Encryption;

namespace DataGuard.EFCore.Encryption;

/// <summary>An encrypted column of a table, with its blind-index column when searchable.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Protector">The column's protector.</param>
/// <param name="IndexColumn">The blind-index column, or <see langword="null"/>.</param>
internal sealed record ProtectedColumn(string Column, ColumnProtector Protector, string? IndexColumn);
