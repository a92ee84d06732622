// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using DataGuard.EFCore.PhoneNumbers;
using DataGuard.EFCore.Query;
using DataGuard.EFCore.Storage;
using DataGuard.EFCore.Tokenization;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataGuard.EFCore.Metadata;

/// <summary>
/// Reads <see cref="EncryptedAttribute"/> into annotations (explicit fluent configuration wins), then turns every
/// encrypted property into ciphertext: value converter, blind-index shadow column with its index, column length, and
/// the checks that must fail at model build rather than at run time.
/// </summary>
internal sealed class DataGuardModelFinalizingConvention(FieldEncryptor? encryptor, PhoneNumberSettings? phoneNumbers) : IModelFinalizingConvention
{
    public const string BlindIndexSuffix = "BlindIndex";

    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var model = modelBuilder.Metadata;
        foreach (var entityType in model.GetEntityTypes().ToList())
        {
            foreach (var property in entityType.GetDeclaredProperties().ToList())
            {
                ApplyAttribute(property);
            }

            foreach (var complexProperty in entityType.GetDeclaredComplexProperties().ToList())
            {
                ApplyAttributes(complexProperty.ComplexType);
            }
        }

        foreach (var entityType in model.GetEntityTypes().ToList())
        {
            foreach (var property in entityType.GetDeclaredProperties().Where(IsPhoneNumber).ToList())
            {
                ConfigurePhoneNumber(entityType, property);
            }

            foreach (var complexProperty in entityType.GetDeclaredComplexProperties().ToList())
            {
                RefusePhoneNumbers(complexProperty.ComplexType);
            }
        }

        // Associated-data names must identify one column each: two columns sharing a name would accept each other's values and
        // share a blind-index key. (Logical name -> "table.column" it belongs to.)
        // The token vault's values are bound to a name of their own (and the vault's lookups use its index key); the vault entity is
        // not encrypted through this convention, so its name is reserved here: an application column bound to it would accept vault
        // ciphertexts and share the vault's blind-index key.
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TokenVaultStore.LogicalName] = $"{TokenVaultStore.TableName}.Value of the DataGuard token vault (a reserved name)",

            // The audit trail derives its chain key and its subject-hash key from the index key under these names: a column bound to
            // one would compute chain MACs or subject hashes as its blind index.
            [DataGuard.Auditing.AuditChain.ChainKeyName] = "the DataGuard audit chain key (a reserved name)",
            [DataGuard.Auditing.AuditSubjectHasher.LogicalName] = "the DataGuard audit subject hashes (a reserved name)",
        };
        foreach (var entityType in model.GetEntityTypes().ToList())
        {
            foreach (var property in entityType.GetDeclaredProperties().Where(IsEncrypted).ToList())
            {
                Configure(entityType, entityType, property, names);
            }

            foreach (var complexProperty in entityType.GetDeclaredComplexProperties().ToList())
            {
                ConfigureComplex(entityType, complexProperty.ComplexType, names);
            }

            CheckSeedData(entityType);
        }

        var members = EncryptedMemberIndex.Build(model);
        if (!members.IsEmpty)
        {
            foreach (var entityType in model.GetEntityTypes())
            {
                foreach (var filter in entityType.GetDeclaredQueryFilters())
                {
                    if (filter.Expression is { } expression)
                    {
                        new EncryptedQueryValidator(members, $"the query filter of {entityType.DisplayName()}").ValidateFilter(expression);
                    }
                }
            }
        }
    }

    internal static bool IsEncrypted(IReadOnlyProperty property) => property.FindAnnotation(DataGuardAnnotationNames.Encrypted)?.Value is true;

    internal static bool IsPhoneNumber(IReadOnlyProperty property) => property.FindAnnotation(DataGuardAnnotationNames.PhoneNumber)?.Value is true;

    private static void RefusePhoneNumbers(IConventionComplexType complexType)
    {
        foreach (var property in complexType.GetDeclaredProperties().Where(IsPhoneNumber))
        {
            throw new InvalidOperationException(
                $"{complexType.DisplayName()}.{property.Name} is marked as a phone number, but it belongs to a complex type, whose values DataGuard "
                + "cannot normalise on save. Make the type an owned entity type, or normalise with IPhoneNumberNormalizer before saving.");
        }

        foreach (var nested in complexType.GetDeclaredComplexProperties())
        {
            RefusePhoneNumbers(nested.ComplexType);
        }
    }

    private void ConfigurePhoneNumber(IConventionEntityType entityType, IConventionProperty property)
    {
        var where = $"{entityType.DisplayName()}.{property.Name}";
        if (property.ClrType != typeof(string))
        {
            throw new InvalidOperationException($"{where} is marked as a phone number, but its type is {property.ClrType.Name}. Phone numbers are stored as E.164 strings.");
        }

        if (phoneNumbers is null)
        {
            throw new InvalidOperationException(
                $"{where} is marked as a phone number, but DataGuard phone numbers are not configured. Call "
                + "services.AddDataGuard(dg => dg.AddPhoneNumbers(p => p.DefaultRegion = \"..\")) and UseDataGuard(sp) on the DbContext options.");
        }

        if (property.GetValueConverter() is { } converter and not IEncryptedValueConverter)
        {
            throw new InvalidOperationException($"{where} is marked as a phone number, but it has a value converter ({converter.GetType().Name}); DataGuard normalises the .NET value, which must be the number itself.");
        }

        // The blind index hashes the E.164 form, so every written form of a number finds the same rows.
        if (property.FindAnnotation(DataGuardAnnotationNames.Searchable)?.Value is true && property.FindAnnotation(DataGuardAnnotationNames.Normalizer) is null)
        {
            property.Builder.HasAnnotation(DataGuardAnnotationNames.Normalizer, PhoneNumberProperty.NormalizerName);
        }
    }

    private static void ApplyAttributes(IConventionComplexType complexType)
    {
        foreach (var property in complexType.GetDeclaredProperties().ToList())
        {
            ApplyAttribute(property);
        }

        foreach (var nested in complexType.GetDeclaredComplexProperties().ToList())
        {
            ApplyAttributes(nested.ComplexType);
        }
    }

    private static void ApplyAttribute(IConventionProperty property)
    {
        var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo;
        if (member?.GetCustomAttribute<PhoneNumberAttribute>(inherit: true) is not null)
        {
            property.Builder.HasAnnotation(DataGuardAnnotationNames.PhoneNumber, true, fromDataAnnotation: true);
        }

        var attribute = member?.GetCustomAttribute<EncryptedAttribute>(inherit: true);
        if (attribute is null)
        {
            return;
        }

        var builder = property.Builder;
        builder.HasAnnotation(DataGuardAnnotationNames.Encrypted, true, fromDataAnnotation: true);
        if (attribute.Algorithm != EncryptionAlgorithm.Default)
        {
            builder.HasAnnotation(DataGuardAnnotationNames.Algorithm, (int)attribute.Algorithm, fromDataAnnotation: true);
        }

        if (attribute.AssociatedDataName is not null)
        {
            builder.HasAnnotation(DataGuardAnnotationNames.AssociatedDataName, attribute.AssociatedDataName, fromDataAnnotation: true);
        }

        if (attribute.Searchable)
        {
            builder.HasAnnotation(DataGuardAnnotationNames.Searchable, true, fromDataAnnotation: true);
        }

        if (attribute.Normalizer is not null)
        {
            builder.HasAnnotation(DataGuardAnnotationNames.Normalizer, attribute.Normalizer, fromDataAnnotation: true);
        }

        if (attribute.AllowPlaintextMigration)
        {
            builder.HasAnnotation(DataGuardAnnotationNames.AllowPlaintextMigration, true, fromDataAnnotation: true);
        }
    }

    private void ConfigureComplex(IConventionEntityType owner, IConventionComplexType complexType, Dictionary<string, string> names)
    {
        foreach (var property in complexType.GetDeclaredProperties().Where(IsEncrypted).ToList())
        {
            Configure(owner, complexType, property, names);
        }

        foreach (var nested in complexType.GetDeclaredComplexProperties().ToList())
        {
            ConfigureComplex(owner, nested.ComplexType, names);
        }
    }

    private void Configure(IConventionEntityType tableOwner, IConventionTypeBase declaringType, IConventionProperty property, Dictionary<string, string> names)
    {
        var where = $"{declaringType.DisplayName()}.{property.Name}";
        if (encryptor is null)
        {
            throw new InvalidOperationException(
                $"{where} is marked encrypted, but DataGuard field encryption is not configured. Call "
                + "services.AddDataGuard(dg => dg.UseEntityFrameworkCore<TContext>()) (or AddFieldEncryption()) and UseDataGuard(sp) on the DbContext options.");
        }

        var valueType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (!FieldEncryptor.IsSupportedType(valueType))
        {
            throw new InvalidOperationException(
                $"{where} cannot be encrypted: its type {property.ClrType.Name} is not supported. Supported types: string, byte[], "
                + "bool, short, int, long, float, double, decimal, Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan (and their nullable forms).");
        }

        if (property.IsKey() || property.IsForeignKey())
        {
            throw new InvalidOperationException($"{where} cannot be encrypted: it is part of a key. Encrypted values are randomised, so they cannot identify or reference rows.");
        }

        if (property.IsIndex())
        {
            throw new InvalidOperationException($"{where} cannot be encrypted: it is part of an index. Encrypted values are randomised; use a blind index (Searchable = true / HasBlindIndex()) for equality search.");
        }

        if (property.IsConcurrencyToken)
        {
            throw new InvalidOperationException($"{where} cannot be encrypted: it is a concurrency token, and every encryption of the same value differs.");
        }

        if (property.GetValueConverter() is { } existing and not IEncryptedValueConverter)
        {
            throw new InvalidOperationException($"{where} cannot be encrypted: it already has a value converter ({existing.GetType().Name}). Remove it, or encrypt the converted value in a separate property.");
        }

        var searchable = property.FindAnnotation(DataGuardAnnotationNames.Searchable)?.Value is true;
        if (searchable && declaringType is IConventionComplexType)
        {
            throw new InvalidOperationException(
                $"{where} cannot have a blind index: it belongs to the complex type {declaringType.DisplayName()}, which cannot carry the index's shadow column. "
                + "Encrypt it without Searchable, or make the type an owned entity type.");
        }

        if (property.FindAnnotation(RelationalAnnotationNames.DefaultValue) is not null
            || property.GetDefaultValueSql() is not null
            || property.GetComputedColumnSql() is not null)
        {
            throw new InvalidOperationException(
                $"{where} cannot be encrypted: it has a database default or computed value, which the database would store in plaintext "
                + "(or as a ciphertext fixed in the migration). Set the value in .NET instead.");
        }

        var table = tableOwner.GetTableName() ?? tableOwner.DisplayName();
        var schema = tableOwner.GetSchema();
        var column = property.GetColumnName() ?? property.Name;
        var defaultName = schema is null ? $"{table}.{column}" : $"{schema}.{table}.{column}";
        var logicalName = property.FindAnnotation(DataGuardAnnotationNames.AssociatedDataName)?.Value as string ?? defaultName;
        var location = defaultName;
        if (names.TryGetValue(logicalName, out var other) && !string.Equals(other, location, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{where} and column {other} are both bound to the associated-data name '{logicalName}': each would accept the other's "
                + "ciphertexts and they would share a blind-index key. Give one of them another AssociatedDataName.");
        }

        names[logicalName] = location;
        var settings = new ColumnProtectionSettings(
            table,
            column,
            logicalName,
            valueType,
            property.FindAnnotation(DataGuardAnnotationNames.Algorithm)?.Value is int algorithm ? (EncryptionAlgorithm)algorithm : EncryptionAlgorithm.Default,
            searchable,
            property.FindAnnotation(DataGuardAnnotationNames.Normalizer)?.Value as string,
            property.FindAnnotation(DataGuardAnnotationNames.AllowPlaintextMigration)?.Value is true);

        ColumnProtector protector;
        try
        {
            protector = encryptor.CreateColumnProtector(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{where}: {ex.Message}", ex);
        }

        property.SetValueConverter(CreateConverter(valueType, protector, IsPhoneNumber(property) ? phoneNumbers : null));
        if (property.GetMaxLength() is int maxLength)
        {
            var plaintextBytes = valueType == typeof(string) ? checked(maxLength * 3) : maxLength;
            var envelope = CiphertextEnvelope.GetSize(protector.Algorithm, plaintextBytes);
            // Explicit source: the user's HasMaxLength(n) describes the plaintext, the column holds the (longer) ciphertext.
            ((IMutableProperty)property).SetMaxLength(valueType == typeof(byte[]) ? envelope : CiphertextEnvelope.GetTextLength(envelope));
        }

        if (searchable && declaringType is IConventionEntityType entityType)
        {
            AddBlindIndex(entityType, property, protector);
        }
    }

    private static ValueConverter CreateConverter(Type valueType, ColumnProtector protector, PhoneNumberSettings? phoneNumbers)
    {
        if (valueType == typeof(string))
        {
            return new EncryptedStringConverter(protector) { PhoneNumbers = phoneNumbers };
        }

        if (valueType == typeof(byte[]))
        {
            return new EncryptedBytesConverter(protector);
        }

        return (ValueConverter)Activator.CreateInstance(typeof(EncryptedValueConverter<>).MakeGenericType(valueType), protector)!;
    }

    private static void AddBlindIndex(IConventionEntityType entityType, IConventionProperty property, ColumnProtector protector)
    {
        var name = property.Name + BlindIndexSuffix;
        var existing = entityType.FindProperty(name);
        if (existing is not null && existing.FindAnnotation(DataGuardAnnotationNames.BlindIndexFor)?.Value as string != property.Name)
        {
            throw new InvalidOperationException(
                $"{entityType.DisplayName()}.{property.Name} needs a shadow property named {name} for its blind index, but the entity already has a property of that name.");
        }

        var indexProperty = entityType.Builder.Property(typeof(string), name)!;
        indexProperty.HasMaxLength(protector.IndexTextLength);
        indexProperty.IsRequired(false);
        indexProperty.HasAnnotation(DataGuardAnnotationNames.BlindIndexFor, property.Name);
        property.Builder.HasAnnotation(DataGuardAnnotationNames.BlindIndexProperty, name);
        entityType.Builder.HasIndex([indexProperty.Metadata]);
    }

    private static void CheckSeedData(IConventionEntityType entityType)
    {
        var encrypted = entityType.GetProperties().Where(IsEncrypted).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (encrypted.Count == 0)
        {
            return;
        }

        foreach (var seed in entityType.GetSeedData())
        {
            foreach (var (name, value) in seed)
            {
                if (value is not null && encrypted.Contains(name))
                {
                    throw new InvalidOperationException(
                        $"{entityType.DisplayName()}.{name} is encrypted and seeded with HasData. Ciphertext is random, so every migration would "
                        + "rewrite the seed row. Seed encrypted values at run time (for example in UseSeeding/UseAsyncSeeding) instead.");
                }
            }
        }
    }
}
