// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Reflection;
using DataGuard.EFCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace DataGuard.EFCore.Tokenization;

/// <summary>
/// Reads <see cref="TokenizedAttribute"/> into annotations (explicit fluent configuration wins) and refuses, when the model is built,
/// what tokenization cannot do: a property that is not a string, a key or foreign key (a token is not a stable identity: erasing the
/// vault entry must not break relationships), an encrypted property (refused: the token is not personal data, and encrypting it with
/// random nonces would break the joins and group-bys that deterministic tokens allow), a tenant property that does not exist, tokenized
/// members of complex types (not supported), and a model without the vault table.
/// </summary>
internal sealed class TokenizationConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var model = modelBuilder.Metadata;
        var any = false;
        foreach (var entityType in model.GetEntityTypes().ToList())
        {
            foreach (var property in entityType.GetDeclaredProperties().ToList())
            {
                ApplyAttribute(property);
                if (property.FindAnnotation(TokenizationAnnotationNames.Tokenized)?.Value is int)
                {
                    Check(entityType, property);
                    any = true;
                }
            }

            foreach (var complexProperty in entityType.GetDeclaredComplexProperties())
            {
                CheckComplex(entityType, complexProperty.ComplexType);
            }
        }

        if (any && model.FindEntityType(typeof(DataGuardTokenEntity)) is null)
        {
            throw new InvalidOperationException(
                "The model has [Tokenized] properties but no DataGuardTokens vault table, which tokens are written to with the same connection and transaction. "
                + "Call modelBuilder.AddDataGuard() in OnModelCreating, then add a migration.");
        }
    }

    private static void ApplyAttribute(IConventionProperty property)
    {
        var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo;
        if (member?.GetCustomAttribute<TokenizedAttribute>(inherit: true) is not { } attribute)
        {
            return;
        }

        property.Builder.HasAnnotation(TokenizationAnnotationNames.Tokenized, (int)attribute.Format, fromDataAnnotation: true);
        if (attribute.TenantProperty is not null)
        {
            property.Builder.HasAnnotation(TokenizationAnnotationNames.TenantProperty, attribute.TenantProperty, fromDataAnnotation: true);
        }
    }

    private static void Check(IConventionEntityType entityType, IConventionProperty property)
    {
        var where = $"{entityType.DisplayName()}.{property.Name}";
        var format = (TokenFormat)(int)property.FindAnnotation(TokenizationAnnotationNames.Tokenized)!.Value!;
        if (!Enum.IsDefined(format))
        {
            throw new InvalidOperationException($"DataGuard cannot tokenize {where}: token format {(int)format} is unknown.");
        }

        if (property.ClrType != typeof(string))
        {
            throw new InvalidOperationException($"DataGuard cannot tokenize {where}: its type is {property.ClrType.Name}, and only string properties can be tokenized.");
        }

        if (property.IsKey() || property.IsForeignKey())
        {
            throw new InvalidOperationException(
                $"DataGuard cannot tokenize {where}: it is part of a key or a foreign key. Tokens are not identities (erasing a vault entry must not break relationships); keep a surrogate key and tokenize a separate property.");
        }

        var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo;
        if (DataGuardModelFinalizingConvention.IsEncrypted(property) || member?.GetCustomAttribute<EncryptedAttribute>(inherit: true) is not null)
        {
            throw new InvalidOperationException(
                $"DataGuard cannot tokenize {where}: it is also encrypted. The column holds a token, which is not personal data (the value is encrypted in the vault), and encrypting the token would break the joins and group-bys tokens allow. Remove [Encrypted] or [Tokenized].");
        }

        if (property.FindAnnotation(TokenizationAnnotationNames.TenantProperty)?.Value is string tenant && entityType.FindProperty(tenant) is null)
        {
            throw new InvalidOperationException(
                $"DataGuard cannot tokenize {where}: its tenant property '{tenant}' is not a property of {entityType.DisplayName()}.");
        }
    }

    private static void CheckComplex(IConventionEntityType owner, IConventionComplexType complexType)
    {
        foreach (var property in complexType.GetDeclaredProperties())
        {
            var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo;
            if (property.FindAnnotation(TokenizationAnnotationNames.Tokenized) is not null || member?.GetCustomAttribute<TokenizedAttribute>(inherit: true) is not null)
            {
                throw new InvalidOperationException(
                    $"DataGuard cannot tokenize {complexType.DisplayName()}.{property.Name} of {owner.DisplayName()}: tokenized members of complex types are not supported. Map the value as a property of the entity.");
            }
        }

        foreach (var nested in complexType.GetDeclaredComplexProperties())
        {
            CheckComplex(owner, nested.ComplexType);
        }
    }
}
