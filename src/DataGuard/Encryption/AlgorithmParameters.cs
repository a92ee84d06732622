// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Encryption;

/// <summary>Nonce and tag sizes of each algorithm, known without a key.</summary>
internal static class AlgorithmParameters
{
    public const int KeySize = 32;

    public static bool IsKnown(EncryptionAlgorithm algorithm)
        => algorithm is EncryptionAlgorithm.Aes256Gcm or EncryptionAlgorithm.XChaCha20Poly1305 or EncryptionAlgorithm.Aegis256;

    public static int NonceSize(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.Aes256Gcm => 12,
        EncryptionAlgorithm.XChaCha20Poly1305 => 24,
        EncryptionAlgorithm.Aegis256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown algorithm."),
    };

    public static int TagSize(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.Aes256Gcm => 16,
        EncryptionAlgorithm.XChaCha20Poly1305 => 16,
        EncryptionAlgorithm.Aegis256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown algorithm."),
    };

    public static string DisplayName(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.Aes256Gcm => "AES-256-GCM",
        EncryptionAlgorithm.XChaCha20Poly1305 => "XChaCha20-Poly1305",
        EncryptionAlgorithm.Aegis256 => "AEGIS-256",
        _ => "unknown",
    };
}
