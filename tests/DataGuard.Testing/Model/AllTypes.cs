// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Testing.Model;

/// <summary>Every supported CLR type, encrypted.</summary>
public sealed class AllTypes
{
    public int Id { get; set; }

    [Encrypted]
    public string? Text { get; set; }

    [Encrypted]
    public byte[]? Bytes { get; set; }

    [Encrypted]
    public bool? Flag { get; set; }

    [Encrypted]
    public short? Short { get; set; }

    [Encrypted]
    public int Int { get; set; }

    [Encrypted]
    public long? Long { get; set; }

    [Encrypted]
    public float? Float { get; set; }

    [Encrypted]
    public double? Double { get; set; }

    [Encrypted]
    public decimal? Decimal { get; set; }

    [Encrypted]
    public Guid? Guid { get; set; }

    [Encrypted]
    public DateTime? DateTime { get; set; }

    [Encrypted]
    public DateTimeOffset? DateTimeOffset { get; set; }

    [Encrypted]
    public DateOnly? DateOnly { get; set; }

    [Encrypted]
    public TimeOnly? TimeOnly { get; set; }

    [Encrypted]
    public TimeSpan? TimeSpan { get; set; }

    [Encrypted(Searchable = true)]
    public long? SearchableLong { get; set; }

    [Encrypted(Algorithm = EncryptionAlgorithm.XChaCha20Poly1305)]
    public string? XChaChaText { get; set; }

    [Encrypted(Algorithm = EncryptionAlgorithm.Aegis256)]
    public string? AegisText { get; set; }
}
