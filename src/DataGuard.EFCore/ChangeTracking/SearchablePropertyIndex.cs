// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DataGuard.EFCore.Metadata;
using DataGuard.EFCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.ChangeTracking;

/// <summary>The searchable properties of each entity type of a model, cached as a runtime annotation.</summary>
internal sealed class SearchablePropertyIndex
{
    private readonly Dictionary<IEntityType, SearchableProperty[]> _byType;

    private SearchablePropertyIndex(Dictionary<IEntityType, SearchableProperty[]> byType) => _byType = byType;

    public bool IsEmpty => _byType.Count == 0;

    public static SearchablePropertyIndex For(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(DataGuardAnnotationNames.SearchableProperties, static m => Build(m!), model);

    public SearchableProperty[]? Find(IEntityType entityType) => _byType.GetValueOrDefault(entityType);

    /// <summary>The searchable description of a property of a finalized model, cached on the property.</summary>
    public static SearchableProperty? For(IProperty property)
        => property.GetOrAddRuntimeAnnotationValue(DataGuardAnnotationNames.SearchableProperties, static p => Find(p!), property);

    public static SearchableProperty? Find(IReadOnlyProperty property)
    {
        if (property.FindAnnotation(DataGuardAnnotationNames.BlindIndexProperty)?.Value is not string indexName
            || property.DeclaringType is not IEntityType entityType
            || entityType.FindProperty(indexName) is not { } indexProperty
            || property is not IProperty runtimeProperty
            || (runtimeProperty.GetTypeMapping().Converter ?? runtimeProperty.GetValueConverter()) is not IEncryptedValueConverter converter)
        {
            return null;
        }

        return new SearchableProperty(runtimeProperty, indexProperty, converter.Protector, converter.PhoneNumbers);
    }

    private static SearchablePropertyIndex Build(IModel model)
    {
        var byType = new Dictionary<IEntityType, SearchableProperty[]>();
        foreach (var entityType in model.GetEntityTypes())
        {
            var properties = entityType.GetProperties().Select(Find).OfType<SearchableProperty>().ToArray();
            if (properties.Length > 0)
            {
                byType[entityType] = properties;
            }
        }

        return new SearchablePropertyIndex(byType);
    }
}
