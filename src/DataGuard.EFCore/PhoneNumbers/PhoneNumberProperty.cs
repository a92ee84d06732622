// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DataGuard.EFCore.Metadata;
using DataGuard.EFCore.Tokenization;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.PhoneNumbers;

/// <summary>The phone-number properties of each entity type of a model, cached as a runtime annotation.</summary>
internal sealed class PhoneNumberProperty
{
    /// <summary>The blind-index normaliser of phone numbers (registered by <c>AddPhoneNumbers</c>).</summary>
    public const string NormalizerName = DataGuard.Encryption.BlindIndexNormalizers.Phone;

    private readonly Dictionary<IEntityType, (IProperty Property, TokenFormat? Token)[]> _byType;

    private PhoneNumberProperty(Dictionary<IEntityType, (IProperty Property, TokenFormat? Token)[]> byType) => _byType = byType;

    public bool IsEmpty => _byType.Count == 0;

    public static PhoneNumberProperty For(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(DataGuardAnnotationNames.PhoneNumberProperties, static m => Build(m!), model);

    public static bool IsPhoneNumber(IReadOnlyProperty property) => DataGuardModelFinalizingConvention.IsPhoneNumber(property);

    /// <summary>The phone-number properties of an entity type, each with its token format when it is also tokenized.</summary>
    public (IProperty Property, TokenFormat? Token)[]? Find(IEntityType entityType) => _byType.GetValueOrDefault(entityType);

    private static PhoneNumberProperty Build(IModel model)
    {
        var byType = new Dictionary<IEntityType, (IProperty Property, TokenFormat? Token)[]>();
        foreach (var entityType in model.GetEntityTypes())
        {
            var properties = entityType.GetProperties()
                .Where(IsPhoneNumber)
                .Select(p => (p, TokenizedPropertyIndex.Find(p)?.Format))
                .ToArray();
            if (properties.Length > 0)
            {
                byType[entityType] = properties;
            }
        }

        return new PhoneNumberProperty(byType);
    }
}
