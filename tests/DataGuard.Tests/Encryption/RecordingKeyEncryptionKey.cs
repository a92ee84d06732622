// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;

namespace DataGuard.Tests.Encryption;

/// <summary>
/// A test key-encryption key: AES-256-GCM under a random key, bound to the key id, that remembers the plaintext material it
/// wrapped, so that tests can check ciphertexts independently and that no key material leaks into messages.
/// </summary>
internal sealed class RecordingKeyEncryptionKey : IKeyEncryptionKey, IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly AesGcm _aes = new(RandomNumberGenerator.GetBytes(32), TagSize);
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<KeyId, byte[]> _material = new();

    public RecordingKeyEncryptionKey(string id = "test-kek")
    {
        Id = id;
    }

    public string Id { get; }

    /// <summary>The plaintext key material of a key this KEK wrapped (the last 32 bytes of what it was given).</summary>
    public byte[] MaterialOf(KeyId keyId) => _material[keyId][^32..];

    /// <summary>Everything this KEK was given to wrap for a key: its sealed metadata and material.</summary>
    public byte[] PayloadOf(KeyId keyId) => (byte[])_material[keyId].Clone();

    public ValueTask<byte[]> WrapKeyAsync(ReadOnlyMemory<byte> keyMaterial, KeyId keyId, CancellationToken cancellationToken)
    {
        _material[keyId] = keyMaterial.ToArray();
        var wrapped = new byte[NonceSize + keyMaterial.Length + TagSize];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
        lock (_gate)
        {
            _aes.Encrypt(
                wrapped.AsSpan(0, NonceSize),
                keyMaterial.Span,
                wrapped.AsSpan(NonceSize, keyMaterial.Length),
                wrapped.AsSpan(NonceSize + keyMaterial.Length),
                keyId.Value.ToByteArray());
        }

        return ValueTask.FromResult(wrapped);
    }

    public ValueTask<byte[]> UnwrapKeyAsync(ReadOnlyMemory<byte> wrappedKey, KeyId keyId, CancellationToken cancellationToken)
    {
        var wrapped = wrappedKey.Span;
        if (wrapped.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The wrapped key is too short.");
        }

        var material = new byte[wrapped.Length - NonceSize - TagSize];
        lock (_gate)
        {
            _aes.Decrypt(
                wrapped[..NonceSize],
                wrapped.Slice(NonceSize, material.Length),
                wrapped[(NonceSize + material.Length)..],
                material,
                keyId.Value.ToByteArray());
        }

        return ValueTask.FromResult(material);
    }

    public void Dispose() => _aes.Dispose();
}
