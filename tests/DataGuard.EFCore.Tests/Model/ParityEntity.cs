// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Model;

/// <summary>The same configuration written with the attribute and with the fluent API, and encrypted properties with a maximum length.</summary>
public sealed class ParityEntity
{
    public int Id { get; set; }

    [Encrypted(Searchable = true, Normalizer = "case-insensitive")]
    public string? ByAttribute { get; set; }

    public string? ByFluent { get; set; }

    [Encrypted(Algorithm = EncryptionAlgorithm.XChaCha20Poly1305, AssociatedDataName = "parity.notes.attribute", AllowPlaintextMigration = true)]
    public string? NotesByAttribute { get; set; }

    public string? NotesByFluent { get; set; }

    public string? Bounded { get; set; }

    public byte[]? BoundedBytes { get; set; }

    public ParityCard Card { get; set; } = new();
}
