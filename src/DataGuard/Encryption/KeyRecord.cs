// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Encryption;

/// <summary>
/// A key of the key ring as stored: its metadata and its material wrapped by the key-encryption key (never in plaintext).
/// </summary>
public sealed class KeyRecord
{
    /// <summary>Gets the id every ciphertext protected by this key carries.</summary>
    public required KeyId Id { get; init; }

    /// <summary>Gets what the key is used for.</summary>
    public required KeyPurpose Purpose { get; init; }

    /// <summary>
    /// Gets the scope of the key: <see langword="null"/> for application-wide keys. Reserved for per-tenant and
    /// per-data-subject keys (crypto-shredding); the ciphertext format does not change for them.
    /// </summary>
    public string? Scope { get; init; }

    /// <summary>Gets when the key was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the key becomes the active key of its purpose (the newest activated key wins).</summary>
    public required DateTimeOffset ActivatedAt { get; init; }

    /// <summary>Gets when the key was destroyed, or <see langword="null"/> while it exists.</summary>
    public DateTimeOffset? DestroyedAt { get; init; }

    /// <summary>Gets the key material wrapped by the key-encryption key; empty once the key is destroyed.</summary>
    public ReadOnlyMemory<byte> WrappedKey { get; init; }

    /// <summary>Gets the id of the key-encryption key that wrapped <see cref="WrappedKey"/> (<see cref="IKeyEncryptionKey.Id"/>).</summary>
    public required string KeyEncryptionKeyId { get; init; }
}
