// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Metadata;

/// <summary>
/// The model annotations DataGuard reads at run time. Attributes and the fluent API both end as these annotations,
/// so a model configured either way behaves the same; they are recorded in migration snapshots.
/// </summary>
internal static class DataGuardAnnotationNames
{
    public const string Prefix = "DataGuard:";
    public const string Encrypted = Prefix + "Encrypted";
    public const string Algorithm = Prefix + "Algorithm";
    public const string AssociatedDataName = Prefix + "AssociatedDataName";
    public const string Searchable = Prefix + "Searchable";
    public const string Normalizer = Prefix + "Normalizer";
    public const string AllowPlaintextMigration = Prefix + "AllowPlaintextMigration";
    public const string BlindIndexProperty = Prefix + "BlindIndexProperty";
    public const string BlindIndexFor = Prefix + "BlindIndexFor";
    public const string EncryptedMembers = Prefix + "EncryptedMembers";
    public const string SearchableProperties = Prefix + "SearchableProperties";
    public const string PhoneNumber = Prefix + "PhoneNumber";
    public const string PhoneNumberProperties = Prefix + "PhoneNumberProperties";

    /// <summary>Set (<see langword="true"/>) by <c>IsUtcTimestamp()</c> on a <see cref="System.DateTimeOffset"/> property stored as its UTC instant.</summary>
    public const string UtcTimestamp = Prefix + "UtcTimestamp";
}
