// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard;
using DataGuard.EFCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// The fluent equivalents of <see cref="EncryptedAttribute"/>. Both end as the same model annotations.
/// </summary>
public static class DataGuardPropertyBuilderExtensions
{
    /// <summary>Stores the property as authenticated ciphertext.</summary>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <param name="algorithm">The algorithm for new values; <see cref="EncryptionAlgorithm.Default"/> for the application's default.</param>
    /// <param name="associatedDataName">The stable logical name ciphertexts are bound to; <see langword="null"/> for <c>{table}.{column}</c>.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="associatedDataName"/> is empty or white space.</exception>
    public static PropertyBuilder IsEncrypted(this PropertyBuilder propertyBuilder, EncryptionAlgorithm algorithm = EncryptionAlgorithm.Default, string? associatedDataName = null)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        AnnotateEncrypted((name, value) => propertyBuilder.HasAnnotation(name, value), algorithm, associatedDataName);
        return propertyBuilder;
    }

    /// <summary>Stores the property as authenticated ciphertext.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <param name="algorithm">The algorithm for new values; <see cref="EncryptionAlgorithm.Default"/> for the application's default.</param>
    /// <param name="associatedDataName">The stable logical name ciphertexts are bound to; <see langword="null"/> for <c>{table}.{column}</c>.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="associatedDataName"/> is empty or white space.</exception>
    public static PropertyBuilder<TProperty> IsEncrypted<TProperty>(this PropertyBuilder<TProperty> propertyBuilder, EncryptionAlgorithm algorithm = EncryptionAlgorithm.Default, string? associatedDataName = null)
        => (PropertyBuilder<TProperty>)IsEncrypted((PropertyBuilder)propertyBuilder, algorithm, associatedDataName);

    /// <summary>Encrypts the property and makes it searchable by equality through a blind index (<c>WhereEquals</c>).</summary>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <param name="normalizer">The name of the normaliser applied before hashing; <see langword="null"/> for ordinal.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    public static PropertyBuilder HasBlindIndex(this PropertyBuilder propertyBuilder, string? normalizer = null)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        propertyBuilder.HasAnnotation(DataGuardAnnotationNames.Encrypted, true);
        propertyBuilder.HasAnnotation(DataGuardAnnotationNames.Searchable, true);
        if (normalizer is not null)
        {
            propertyBuilder.HasAnnotation(DataGuardAnnotationNames.Normalizer, normalizer);
        }

        return propertyBuilder;
    }

    /// <summary>Encrypts the property and makes it searchable by equality through a blind index (<c>WhereEquals</c>).</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <param name="normalizer">The name of the normaliser applied before hashing; <see langword="null"/> for ordinal.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    public static PropertyBuilder<TProperty> HasBlindIndex<TProperty>(this PropertyBuilder<TProperty> propertyBuilder, string? normalizer = null)
        => (PropertyBuilder<TProperty>)HasBlindIndex((PropertyBuilder)propertyBuilder, normalizer);

    /// <summary>
    /// Marks a string property as a phone number (the fluent form of <see cref="PhoneNumberAttribute"/>): normalised to E.164 on save,
    /// refused when invalid, masked in JSON output without the view permission; a blind index on it uses the <c>phone</c> normaliser.
    /// </summary>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    /// <remarks>The property must be a string; the model build fails otherwise.</remarks>
    public static PropertyBuilder IsPhoneNumber(this PropertyBuilder propertyBuilder)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        propertyBuilder.HasAnnotation(DataGuardAnnotationNames.PhoneNumber, true);
        return propertyBuilder;
    }

    /// <summary>
    /// Marks a string property as a phone number (the fluent form of <see cref="PhoneNumberAttribute"/>): normalised to E.164 on save,
    /// refused when invalid, masked in JSON output without the view permission; a blind index on it uses the <c>phone</c> normaliser.
    /// </summary>
    /// <typeparam name="TProperty">The property type, which must be <see cref="string"/>.</typeparam>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    public static PropertyBuilder<TProperty> IsPhoneNumber<TProperty>(this PropertyBuilder<TProperty> propertyBuilder)
        => (PropertyBuilder<TProperty>)IsPhoneNumber((PropertyBuilder)propertyBuilder);

    /// <summary>
    /// Lets the encrypted column still hold legacy plaintext (read either, write ciphertext) while the re-encryption job encrypts
    /// what is left. Turn it off again once the job reports nothing left: with it on, anyone who can write to the database can inject values.
    /// </summary>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <param name="allow">Whether plaintext is accepted.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    public static PropertyBuilder AllowsPlaintextMigration(this PropertyBuilder propertyBuilder, bool allow = true)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        propertyBuilder.HasAnnotation(DataGuardAnnotationNames.AllowPlaintextMigration, allow);
        return propertyBuilder;
    }

    /// <summary>
    /// Lets the encrypted column still hold legacy plaintext while the re-encryption job encrypts what is left.
    /// </summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <param name="allow">Whether plaintext is accepted.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    public static PropertyBuilder<TProperty> AllowsPlaintextMigration<TProperty>(this PropertyBuilder<TProperty> propertyBuilder, bool allow = true)
        => (PropertyBuilder<TProperty>)AllowsPlaintextMigration((PropertyBuilder)propertyBuilder, allow);

    /// <summary>Stores a property of a complex type as authenticated ciphertext (complex types cannot have blind indexes).</summary>
    /// <param name="propertyBuilder">The complex type's property builder.</param>
    /// <param name="algorithm">The algorithm for new values; <see cref="EncryptionAlgorithm.Default"/> for the application's default.</param>
    /// <param name="associatedDataName">The stable logical name ciphertexts are bound to; <see langword="null"/> for <c>{table}.{column}</c>.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="associatedDataName"/> is empty or white space.</exception>
    public static ComplexTypePropertyBuilder IsEncrypted(this ComplexTypePropertyBuilder propertyBuilder, EncryptionAlgorithm algorithm = EncryptionAlgorithm.Default, string? associatedDataName = null)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        AnnotateEncrypted((name, value) => propertyBuilder.HasAnnotation(name, value), algorithm, associatedDataName);
        return propertyBuilder;
    }

    /// <summary>Stores a property of a complex type as authenticated ciphertext (complex types cannot have blind indexes).</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="propertyBuilder">The complex type's property builder.</param>
    /// <param name="algorithm">The algorithm for new values; <see cref="EncryptionAlgorithm.Default"/> for the application's default.</param>
    /// <param name="associatedDataName">The stable logical name ciphertexts are bound to; <see langword="null"/> for <c>{table}.{column}</c>.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="associatedDataName"/> is empty or white space.</exception>
    public static ComplexTypePropertyBuilder<TProperty> IsEncrypted<TProperty>(this ComplexTypePropertyBuilder<TProperty> propertyBuilder, EncryptionAlgorithm algorithm = EncryptionAlgorithm.Default, string? associatedDataName = null)
        => (ComplexTypePropertyBuilder<TProperty>)IsEncrypted((ComplexTypePropertyBuilder)propertyBuilder, algorithm, associatedDataName);

    /// <summary>
    /// Stores a <see cref="DateTimeOffset"/> (or nullable) property as its UTC instant, so that the database compares and orders it by
    /// instant: SQLite (which cannot compare <see cref="DateTimeOffset"/> columns, and whose binary converter orders by local wall-clock
    /// time) stores sortable UTC text, PostgreSQL a <c>timestamptz</c> with offset zero. Values read back carry offset zero; the instant
    /// is preserved. Retention needs it for a <see cref="DateTimeOffset"/> timestamp on SQLite.
    /// </summary>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The property is not a <see cref="DateTimeOffset"/>. A <see cref="DateTime"/> property needs no conversion: its values must already
    /// be UTC (<see cref="DateTimeKind.Utc"/>), which both providers compare correctly.
    /// </exception>
    /// <remarks>The same column can hold values written before: existing rows must already be UTC (offset zero) text or <c>timestamptz</c>.</remarks>
    public static PropertyBuilder IsUtcTimestamp(this PropertyBuilder propertyBuilder)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        var property = propertyBuilder.Metadata;
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var name = property.DeclaringType.ClrType.Name + "." + property.Name;
        if (type == typeof(DateTime))
        {
            throw new ArgumentException(
                $"IsUtcTimestamp() applies to DateTimeOffset properties; {name} is a DateTime, which needs no conversion: store UTC values (DateTimeKind.Utc) in it.",
                nameof(propertyBuilder));
        }

        if (type != typeof(DateTimeOffset))
        {
            throw new ArgumentException($"IsUtcTimestamp() applies to DateTimeOffset properties; {name} is a {property.ClrType.Name}.", nameof(propertyBuilder));
        }

        propertyBuilder.HasConversion(DataGuard.EFCore.Storage.UtcDateTimeOffsetConverter.Instance);
        propertyBuilder.HasAnnotation(DataGuardAnnotationNames.UtcTimestamp, true);
        return propertyBuilder;
    }

    /// <summary>
    /// Stores a <see cref="DateTimeOffset"/> (or nullable) property as its UTC instant, so that SQLite and PostgreSQL compare and order it
    /// by instant. See <see cref="IsUtcTimestamp(PropertyBuilder)"/>.
    /// </summary>
    /// <typeparam name="TProperty">The property type: <see cref="DateTimeOffset"/> or its nullable form.</typeparam>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The property is not a <see cref="DateTimeOffset"/> (a <see cref="DateTime"/> must hold UTC values instead).</exception>
    public static PropertyBuilder<TProperty> IsUtcTimestamp<TProperty>(this PropertyBuilder<TProperty> propertyBuilder)
        => (PropertyBuilder<TProperty>)IsUtcTimestamp((PropertyBuilder)propertyBuilder);

    /// <summary>Writes the annotations of an encrypted property (shared by entity and complex-type property builders).</summary>
    private static void AnnotateEncrypted(Action<string, object> annotate, EncryptionAlgorithm algorithm, string? associatedDataName)
    {
        if (associatedDataName is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(associatedDataName);
        }

        annotate(DataGuardAnnotationNames.Encrypted, true);
        if (algorithm != EncryptionAlgorithm.Default)
        {
            annotate(DataGuardAnnotationNames.Algorithm, (int)algorithm);
        }

        if (associatedDataName is not null)
        {
            annotate(DataGuardAnnotationNames.AssociatedDataName, associatedDataName);
        }
    }
}
