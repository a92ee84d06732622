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
        var before = Index(key, "T.C", [1, 2, 3]);

        CryptographicOperations.ZeroMemory(material);
        using var other = DataKey.FromMaterial(Record(), RandomNumberGenerator.GetBytes(32));

        Assert.Equal(before, Index(key, "T.C", [1, 2, 3]));
        Assert.Null(key.UnavailableReason);
    }

    [Fact]
    public void ComputeIndex_PerName_DeterministicAndDistinct()
    {
        var material = RandomNumberGenerator.GetBytes(32);
        using var key = DataKey.FromMaterial(Record(), material);
        byte[] data = [0x2B, 0x39, 0x31];

        var first = Index(key, "Contacts.Phone", data);

        Assert.Equal(first, Index(key, "Contacts.Phone", data));
        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, Index(key, "Contacts.Fax", data));
        Assert.NotEqual(first, Index(key, "contacts.phone", data));
        Assert.NotEqual(first, Index(key, "Contacts.Phone", [0x2B, 0x39, 0x32]));

        // The index is HMAC-SHA256 under the HKDF-derived column key, computed independently here.
        var subkey = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, [], System.Text.Encoding.ASCII.GetBytes("DataGuard/v1/blind-index/Contacts.Phone"));
        Assert.Equal(HMACSHA256.HashData(subkey, data), first);

        // Another thread uses its own HMAC instance and gets the same result.
        byte[]? fromOtherThread = null;
        var thread = new System.Threading.Thread(() => fromOtherThread = Index(key, "Contacts.Phone", data));
        thread.Start();
        thread.Join();
        Assert.Equal(first, fromOtherThread);
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
        Index(key, "Contacts.Phone", [1]);
        key.GetCipher(EncryptionAlgorithm.Aes256Gcm);
        var when = DateTimeOffset.UnixEpoch;

        key.MarkDestroyed(when);

        Assert.True(key.IsDestroyed);
        Assert.Equal(when, key.DestroyedAt);
        Assert.Throws<ObjectDisposedException>(() => key.GetCipher(EncryptionAlgorithm.Aes256Gcm));

        // Neither the column whose HMAC instance existed nor a new column can be indexed any more.
        Assert.Throws<ObjectDisposedException>(() => Index(key, "Contacts.Phone", [1]));
        Assert.Throws<ObjectDisposedException>(() => Index(key, "Contacts.Fax", [1]));
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

    private static byte[] Index(DataKey key, string column, byte[] data)
    {
        var mac = new byte[32];
        key.ComputeIndex(column, data, mac);
        return mac;
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
