// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DataGuard.EFCore.Encryption;
using DataGuard.EFCore.Metadata;
using DataGuard.EFCore.Tokenization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// The entity types of a model that hold personal data (an encrypted, tokenized, phone-number or data-subject property, including
/// members of complex types) and the delimited names of their tables, cached as a runtime annotation of the model. DataGuard's own
/// tables (keys, tokens, audit) are never audited.
/// </summary>
internal sealed class AuditedEntityIndex
{
    private static readonly HashSet<Type> DataGuardTypes =
    [
        typeof(DataGuardKeyEntity), typeof(DataGuardTokenEntity), typeof(DataGuardAuditRecordEntity), typeof(DataGuardAuditSubjectEntity), typeof(DataGuardAuditStreamEntity),
    ];

    private readonly Dictionary<IEntityType, AuditedEntityType> _byType;

    private AuditedEntityIndex(Dictionary<IEntityType, AuditedEntityType> byType, (string Table, AuditedEntityType Type)[] tables)
    {
        _byType = byType;
        Tables = tables;
    }

    public bool IsEmpty => _byType.Count == 0;

    /// <summary>Gets the delimited (schema-qualified) table names of the audited types, each with the type reported for it.</summary>
    public (string Table, AuditedEntityType Type)[] Tables { get; }

    public static AuditedEntityIndex For(DbContext context)
    {
        var model = context.Model;
        return model.GetOrAddRuntimeAnnotationValue(
            AuditAnnotationNames.AuditedEntityTypes,
            static s => Build(s.Model, s.Sql),
            (Model: model, Sql: (ISqlGenerationHelper?)context.GetService<ISqlGenerationHelper>()));
    }

    public AuditedEntityType? Find(IEntityType entityType) => _byType.GetValueOrDefault(entityType);

    /// <summary>Whether a property holds personal data.</summary>
    internal static bool IsProtected(IReadOnlyProperty property)
        => DataGuardModelFinalizingConvention.IsEncrypted(property)
            || DataGuardModelFinalizingConvention.IsPhoneNumber(property)
            || property.FindAnnotation(TokenizationAnnotationNames.Tokenized) is not null
            || IsDataSubject(property);

    internal static bool IsDataSubject(IReadOnlyProperty property) => property.FindAnnotation(AuditAnnotationNames.DataSubject)?.Value is true;

    private static AuditedEntityIndex Build(IModel model, ISqlGenerationHelper? sql)
    {
        var byType = new Dictionary<IEntityType, AuditedEntityType>();
        foreach (var entityType in model.GetEntityTypes())
        {
            if (DataGuardTypes.Contains(entityType.ClrType) || !HoldsPersonalData(entityType))
            {
                continue;
            }

            var subjects = entityType.GetProperties().Where(IsDataSubject).ToArray();
            var keyIsProtected = entityType.FindPrimaryKey()?.Properties.Any(IsProtected) ?? false;
            byType[entityType] = new AuditedEntityType(entityType, subjects, keyIsProtected);
        }

        var tables = new List<(string, AuditedEntityType)>();
        if (sql is not null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);

            // Root types first, so a table shared by a hierarchy is reported under its root.
            foreach (var audited in byType.Values.OrderBy(t => Depth(t.EntityType)))
            {
                foreach (var mapping in audited.EntityType.GetTableMappings())
                {
                    var name = sql.DelimitIdentifier(mapping.Table.Name, mapping.Table.Schema);
                    if (seen.Add(name))
                    {
                        tables.Add((name, audited));
                    }
                }
            }
        }

        return new AuditedEntityIndex(byType, [.. tables]);
    }

    private static bool HoldsPersonalData(IEntityType entityType)
        => entityType.GetProperties().Any(IsProtected) || entityType.GetComplexProperties().Any(c => HoldsPersonalData(c.ComplexType));

    private static bool HoldsPersonalData(IComplexType complexType)
        => complexType.GetProperties().Any(IsProtected) || complexType.GetComplexProperties().Any(c => HoldsPersonalData(c.ComplexType));

    private static int Depth(IEntityType entityType)
    {
        var depth = 0;
        for (var type = entityType.BaseType; type is not null; type = type.BaseType)
        {
            depth++;
        }

        return depth;
    }
}
