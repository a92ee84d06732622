// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Encryption;

/// <summary>A table adopted by DataGuard while it still holds plaintext (plaintext migration).</summary>
public sealed class LegacyContact
{
    public int Id { get; set; }

    [Encrypted(Searchable = true, AllowPlaintextMigration = true)]
    public string? Phone { get; set; }

    [Encrypted(AllowPlaintextMigration = true)]
    public int? Age { get; set; }
}
