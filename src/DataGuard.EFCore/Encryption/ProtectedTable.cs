// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DataGuard.EFCore.Metadata;
using DataGuard.EFCore.Storage;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Encryption;

/// <summary>A table with encrypted columns, as the re-encryption job sees it: key columns and protected columns.</summary>
internal sealed class ProtectedTable
{
    public required string Name { get; init; }

    public string? Schema { get; init; }

    public required IReadOnlyList<string> KeyColumns { get; init; }

    public required List<ProtectedColumn> Columns { get; init; }

    public string DisplayName => Schema is null ? Name : $"{Schema}.{Name}";

    /// <summary>
    /// Every table of the relational model with encrypted columns: inherited properties of TPC tables, split-off tables of entity
    /// splitting, owned and complex types included, read from the column mappings rather than from entity types.
    /// </summary>
    /// <exception cref="InvalidOperationException">A table with encrypted columns has no primary key, or one column is shared by
    /// properties bound to different associated-data names.</exception>
    public static IReadOnlyList<ProtectedTable> FromModel(IModel model)
    {
        var tables = new List<ProtectedTable>();
        foreach (var table in model.GetRelationalModel().Tables)
        {
            var storeObject = StoreObjectIdentifier.Table(table.Name, table.Schema);
            var columns = new List<ProtectedColumn>();
            foreach (var column in table.Columns)
            {
                ColumnProtector? protector = null;
                string? indexColumn = null;
                foreach (var mapping in column.PropertyMappings)
                {
                    if ((mapping.TypeMapping.Converter ?? mapping.Property.GetValueConverter()) is not IEncryptedValueConverter converter)
                    {
                        continue;
                    }

                    if (protector is not null && !string.Equals(protector.LogicalName, converter.Protector.LogicalName, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException(
                            $"Column {column.Name} of table {table.Name} is shared by encrypted properties bound to different associated-data names "
                            + $"('{protector.LogicalName}', '{converter.Protector.LogicalName}'); give them one name.");
                    }

                    protector ??= converter.Protector;
                    if (mapping.Property.FindAnnotation(DataGuardAnnotationNames.BlindIndexProperty)?.Value is string indexName
                        && mapping.Property.DeclaringType is IEntityType owner
                        && owner.FindProperty(indexName)?.GetColumnName(storeObject) is { } name)
                    {
                        indexColumn ??= name;
                    }
                }

                if (protector is not null)
                {
                    columns.Add(new ProtectedColumn(column.Name, protector, indexColumn));
                }
            }

            if (columns.Count == 0)
            {
                continue;
            }

            if (table.PrimaryKey is not { } primaryKey)
            {
                throw new InvalidOperationException(
                    $"Table {table.Name} has encrypted columns but no primary key, so the re-encryption job cannot rewrite its rows one by one. Give it a key.");
            }

            tables.Add(new ProtectedTable
            {
                Name = table.Name,
                Schema = table.Schema,
                KeyColumns = primaryKey.Columns.Select(c => c.Name).ToList(),
                Columns = columns,
            });
        }

        return tables;
    }
}
