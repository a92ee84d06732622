// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Tokenization;

/// <summary>The tokenized properties of each entity type of a model, cached as a runtime annotation.</summary>
internal sealed class TokenizedPropertyIndex
{
    private readonly Dictionary<IEntityType, TokenizedProperty[]> _byType;

    private TokenizedPropertyIndex(Dictionary<IEntityType, TokenizedProperty[]> byType) => _byType = byType;

    public bool IsEmpty => _byType.Count == 0;

    public static TokenizedPropertyIndex For(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(TokenizationAnnotationNames.TokenizedProperties, static m => Build(m!), model);

    public TokenizedProperty[]? Find(IEntityType entityType) => _byType.GetValueOrDefault(entityType);

    /// <summary>The tokenization of a property, or <see langword="null"/> when it is not tokenized.</summary>
    public static TokenizedProperty? Find(IProperty property)
    {
        if (property.FindAnnotation(TokenizationAnnotationNames.Tokenized)?.Value is not int format)
        {
            return null;
        }

        var tenant = property.FindAnnotation(TokenizationAnnotationNames.TenantProperty)?.Value is string name && property.DeclaringType is IEntityType entityType
            ? entityType.FindProperty(name)
            : null;
        return new TokenizedProperty(property, (TokenFormat)format, tenant);
    }

    private static TokenizedPropertyIndex Build(IModel model)
    {
        var byType = new Dictionary<IEntityType, TokenizedProperty[]>();
        foreach (var entityType in model.GetEntityTypes())
        {
            var properties = entityType.GetProperties().Select(Find).OfType<TokenizedProperty>().ToArray();
            if (properties.Length > 0)
            {
                byType[entityType] = properties;
            }
        }

        return new TokenizedPropertyIndex(byType);
    }
}
