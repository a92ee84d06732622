// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace DataGuard.Encryption;

/// <summary>
/// XChaCha20-Poly1305 and AEGIS-256 from libsodium through NSec. NSec keys live in libsodium's guarded memory,
/// are safe to use from many threads, and are zeroed when disposed.
/// </summary>
internal sealed class NSecCipher : AeadCipher
{
    private readonly AeadAlgorithm _algorithm;
    private readonly Key _key;

    public NSecCipher(EncryptionAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        Algorithm = algorithm;
        _algorithm = algorithm switch
        {
            EncryptionAlgorithm.XChaCha20Poly1305 => AeadAlgorithm.XChaCha20Poly1305,
            EncryptionAlgorithm.Aegis256 => AeadAlgorithm.Aegis256,
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "NSec provides XChaCha20-Poly1305 and AEGIS-256 only."),
        };
        _key = Key.Import(_algorithm, key, KeyBlobFormat.RawSymmetricKey);
    }

    public override EncryptionAlgorithm Algorithm { get; }

    public override int NonceSize => _algorithm.NonceSize;

    public override int TagSize => _algorithm.TagSize;

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData)
        => _algorithm.Encrypt(_key, nonce, associatedData, plaintext, ciphertextAndTag[..(plaintext.Length + _algorithm.TagSize)]);

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var destination = plaintext[..(ciphertextAndTag.Length - _algorithm.TagSize)];
        if (_algorithm.Decrypt(_key, nonce, associatedData, ciphertextAndTag, destination))
        {
            return true;
        }

        CryptographicOperations.ZeroMemory(destination);
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Dispose();
        }
    }
}
