// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DataGuard.EFCore.Metadata;
using DataGuard.EFCore.Storage;
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

    /// <summary>Every table of the model with encrypted columns (owned and complex types included, merged per table).</summary>
    public static IReadOnlyList<ProtectedTable> FromModel(IModel model)
    {
        var tables = new Dictionary<(string Name, string? Schema), ProtectedTable>();
        foreach (var entityType in model.GetEntityTypes())
        {
            if (entityType.GetTableName() is not { } tableName || entityType.FindPrimaryKey() is not { } primaryKey)
            {
                continue;
            }

            var storeObject = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
            var columns = new List<ProtectedColumn>();
            Collect(entityType, entityType.GetDeclaredProperties(), storeObject, columns);
            foreach (var complexProperty in entityType.GetDeclaredComplexProperties())
            {
                CollectComplex(entityType, complexProperty.ComplexType, storeObject, columns);
            }

            if (columns.Count == 0)
            {
                continue;
            }

            var key = (tableName, entityType.GetSchema());
            if (!tables.TryGetValue(key, out var table))
            {
                table = new ProtectedTable
                {
                    Name = tableName,
                    Schema = entityType.GetSchema(),
                    KeyColumns = primaryKey.Properties.Select(p => p.GetColumnName(storeObject)!).ToList(),
                    Columns = [],
                };
                tables[key] = table;
            }

            foreach (var column in columns)
            {
                if (!table.Columns.Any(c => c.Column == column.Column))
                {
                    table.Columns.Add(column);
                }
            }
        }

        return tables.Values.ToList();
    }

    private static void CollectComplex(IEntityType owner, IComplexType complexType, StoreObjectIdentifier storeObject, List<ProtectedColumn> columns)
    {
        Collect(owner, complexType.GetDeclaredProperties(), storeObject, columns);
        foreach (var nested in complexType.GetDeclaredComplexProperties())
        {
            CollectComplex(owner, nested.ComplexType, storeObject, columns);
        }
    }

    private static void Collect(IEntityType owner, IEnumerable<IProperty> properties, StoreObjectIdentifier storeObject, List<ProtectedColumn> columns)
    {
        foreach (var property in properties)
        {
            if ((property.GetTypeMapping().Converter ?? property.GetValueConverter()) is not IEncryptedValueConverter converter
                || property.GetColumnName(storeObject) is not { } column)
            {
                continue;
            }

            string? indexColumn = null;
            if (property.FindAnnotation(DataGuardAnnotationNames.BlindIndexProperty)?.Value is string indexName
                && owner.FindProperty(indexName) is { } indexProperty)
            {
                indexColumn = indexProperty.GetColumnName(storeObject);
            }

            columns.Add(new ProtectedColumn(column, converter.Protector, indexColumn));
        }
    }
}
