// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Encryption;

/// <summary>
/// One AEAD key of one algorithm. Implementations are safe to call from many threads at once.
/// </summary>
internal abstract class AeadCipher : IDisposable
{
    public abstract EncryptionAlgorithm Algorithm { get; }

    public abstract int NonceSize { get; }

    public abstract int TagSize { get; }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertextAndTag"/> (plaintext length + tag size).</summary>
    public abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData);

    /// <summary>Decrypts and authenticates; returns <see langword="false"/> (and clears <paramref name="plaintext"/>) when authentication fails.</summary>
    public abstract bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
