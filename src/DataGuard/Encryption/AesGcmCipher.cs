// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;
using System.Threading;

namespace DataGuard.Encryption;

/// <summary>
/// AES-256-GCM from the base class library. <see cref="AesGcm"/> is not thread-safe, so each thread gets its own instance
/// (created on first use, all disposed with the key).
/// </summary>
internal sealed class AesGcmCipher : AeadCipher
{
    private const int KeySize = 32;
    private readonly byte[] _key;
    private readonly ThreadLocal<AesGcm> _instances;

    public AesGcmCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("An AES-256-GCM key is 32 bytes.", nameof(key));
        }

        _key = GC.AllocateArray<byte>(KeySize, pinned: true);
        key.CopyTo(_key);
        _instances = new ThreadLocal<AesGcm>(() => new AesGcm(_key, TagSizeInBytes), trackAllValues: true);
    }

    public const int NonceSizeInBytes = 12;

    public const int TagSizeInBytes = 16;

    public override EncryptionAlgorithm Algorithm => EncryptionAlgorithm.Aes256Gcm;

    public override int NonceSize => NonceSizeInBytes;

    public override int TagSize => TagSizeInBytes;

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData)
    {
        _instances.Value!.Encrypt(
            nonce,
            plaintext,
            ciphertextAndTag[..plaintext.Length],
            ciphertextAndTag.Slice(plaintext.Length, TagSizeInBytes),
            associatedData);
    }

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var length = ciphertextAndTag.Length - TagSizeInBytes;
        try
        {
            _instances.Value!.Decrypt(
                nonce,
                ciphertextAndTag[..length],
                ciphertextAndTag.Slice(length, TagSizeInBytes),
                plaintext[..length],
                associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            plaintext.Clear();
            return false;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var instance in _instances.Values)
            {
                instance.Dispose();
            }

            _instances.Dispose();
        }

        CryptographicOperations.ZeroMemory(_key);
    }
}
