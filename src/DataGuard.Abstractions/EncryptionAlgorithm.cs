// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// The authenticated-encryption (AEAD) algorithm that protects a value. The id is written into every ciphertext.
/// </summary>
public enum EncryptionAlgorithm
{
    /// <summary>Use the application's default (<c>FieldEncryptionOptions.DefaultAlgorithm</c>, AES-256-GCM unless changed).</summary>
    Default = 0,

    /// <summary>AES-256 in Galois/Counter Mode with a random 96-bit nonce and a 128-bit tag (the .NET base class library).</summary>
    Aes256Gcm = 1,

    /// <summary>XChaCha20-Poly1305 with a random 192-bit nonce and a 128-bit tag (libsodium through NSec).</summary>
    XChaCha20Poly1305 = 2,

    /// <summary>AEGIS-256 with a random 256-bit nonce and a 256-bit tag (libsodium through NSec).</summary>
    Aegis256 = 3,
}
