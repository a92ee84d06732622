// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;
using DataGuard.Encryption;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class DataKeyTests
{
    [Fact]
    public void FromMaterial_Not32Bytes_Unavailable()
    {
        using var key = DataKey.FromMaterial(Record(), new byte[16]);

        Assert.Contains("not 32 bytes", key.UnavailableReason, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => key.GetCipher(EncryptionAlgorithm.Aes256Gcm));
    }

    [Fact]
    public void FromMaterial_CopiesMaterial()
    {
        var material = RandomNumberGenerator.GetBytes(32);
        using var key = DataKey.FromMaterial(Record(), material);
        var before = key.GetIndexKey("T.C");

        CryptographicOperations.ZeroMemory(material);
        using var other = DataKey.FromMaterial(Record(), RandomNumberGenerator.GetBytes(32));

        Assert.Equal(before, key.GetIndexKey("T.C"));
        Assert.Null(key.UnavailableReason);
    }

    [Fact]
    public void GetIndexKey_PerName_DerivedOnceAndDistinct()
    {
        using var key = DataKey.FromMaterial(Record(), RandomNumberGenerator.GetBytes(32));

        var first = key.GetIndexKey("Contacts.Phone");

        Assert.Same(first, key.GetIndexKey("Contacts.Phone"));
        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, key.GetIndexKey("Contacts.Fax"));
        Assert.NotEqual(first, key.GetIndexKey("contacts.phone"));
    }

    [Fact]
    public void GetCipher_PerAlgorithm_CachedAndIndependent()
    {
        using var key = DataKey.FromMaterial(Record(), RandomNumberGenerator.GetBytes(32));
        var aes = key.GetCipher(EncryptionAlgorithm.Aes256Gcm);
        var nonce = new byte[12];
        var sealedBytes = new byte[3 + 16];
        aes.Encrypt(nonce, [1, 2, 3], sealedBytes, []);

        Assert.Same(aes, key.GetCipher(EncryptionAlgorithm.Aes256Gcm));
        Assert.Equal(EncryptionAlgorithm.XChaCha20Poly1305, key.GetCipher(EncryptionAlgorithm.XChaCha20Poly1305).Algorithm);
        Assert.Equal(EncryptionAlgorithm.Aegis256, key.GetCipher(EncryptionAlgorithm.Aegis256).Algorithm);
        var plaintext = new byte[3];
        Assert.True(aes.TryDecrypt(nonce, sealedBytes, plaintext, []));
        Assert.Equal([1, 2, 3], plaintext);

        using var other = DataKey.FromMaterial(Record(), RandomNumberGenerator.GetBytes(32));
        Assert.False(other.GetCipher(EncryptionAlgorithm.Aes256Gcm).TryDecrypt(nonce, sealedBytes, plaintext, []));
        Assert.Equal([0, 0, 0], plaintext);
    }

    [Fact]
    public void MarkDestroyed_ZeroesDerivedKeysAndRefusesUse()
    {
        var key = DataKey.FromMaterial(Record(), RandomNumberGenerator.GetBytes(32));
        var indexKey = key.GetIndexKey("Contacts.Phone");
        key.GetCipher(EncryptionAlgorithm.Aes256Gcm);
        var when = DateTimeOffset.UnixEpoch;

        key.MarkDestroyed(when);

        Assert.True(key.IsDestroyed);
        Assert.Equal(when, key.DestroyedAt);
        Assert.All(indexKey, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => key.GetCipher(EncryptionAlgorithm.Aes256Gcm));
        Assert.Throws<ObjectDisposedException>(() => key.GetIndexKey("Contacts.Fax"));
        key.Dispose();
    }

    [Fact]
    public void Destroyed_FromRecord_IsDestroyedWithoutMaterial()
    {
        var record = Record(destroyedAt: DateTimeOffset.UnixEpoch);

        using var key = DataKey.Destroyed(record);

        Assert.True(key.IsDestroyed);
        Assert.Null(key.UnavailableReason);
        Assert.Equal(record.Id, key.Id);
        Assert.Throws<ObjectDisposedException>(() => key.GetCipher(EncryptionAlgorithm.Aes256Gcm));
    }

    private static KeyRecord Record(DateTimeOffset? destroyedAt = null) => new()
    {
        Id = KeyId.New(),
        Purpose = KeyPurpose.DataEncryption,
        CreatedAt = DateTimeOffset.UnixEpoch,
        ActivatedAt = DateTimeOffset.UnixEpoch,
        DestroyedAt = destroyedAt,
        KeyEncryptionKeyId = "test",
    };
}
