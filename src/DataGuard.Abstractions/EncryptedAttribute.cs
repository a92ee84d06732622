// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// Marks a property whose value is stored as authenticated ciphertext and read back transparently.
/// </summary>
/// <remarks>
/// <para>
/// Supported property types: <see cref="string"/>, <see cref="byte"/> arrays, and <see cref="bool"/>, <see cref="short"/>,
/// <see cref="int"/>, <see cref="long"/>, <see cref="float"/>, <see cref="double"/>, <see cref="decimal"/>, <see cref="Guid"/>,
/// <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/> and <see cref="TimeSpan"/>
/// (and their nullable forms). Nulls stay null.
/// </para>
/// <para>
/// The EF Core fluent equivalent is <c>.IsEncrypted()</c> (and <c>.HasBlindIndex()</c> for <see cref="Searchable"/>);
/// both end as the same model annotations.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class EncryptedAttribute : Attribute
{
    /// <summary>
    /// Gets or sets a value indicating whether the property can be searched by equality through a blind index
    /// (a keyed HMAC of the normalised value, stored in an indexed shadow column).
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Searchable { get; set; }

    /// <summary>
    /// Gets or sets the algorithm that protects new values of this property.
    /// </summary>
    /// <value>The default is <see cref="EncryptionAlgorithm.Default"/>: the application's default algorithm.</value>
    public EncryptionAlgorithm Algorithm { get; set; }

    /// <summary>
    /// Gets or sets the stable logical name that every ciphertext of this property is bound to (its associated data).
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: <c>{table}.{column}</c> as mapped. Set it to the old name before renaming
    /// the table or the column, or existing values stop decrypting.
    /// </value>
    public string? AssociatedDataName { get; set; }

    /// <summary>
    /// Gets or sets the name of the normaliser applied before the blind index is computed (only with <see cref="Searchable"/>).
    /// </summary>
    /// <value>The default is <see langword="null"/>: values are compared exactly (ordinal).</value>
    public string? Normalizer { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the column may still hold legacy plaintext (read either, write ciphertext)
    /// while the re-encryption job encrypts what is left.
    /// </summary>
    /// <value>
    /// The default is <see langword="false"/>: a plaintext value found in the column is an error and is never returned,
    /// so that nobody with write access to the database can inject values.
    /// </value>
    public bool AllowPlaintextMigration { get; set; }
}
