// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using DataGuard.Encryption;
using NSec.Cryptography;
using Xunit;

namespace DataGuard.Tests.Encryption;

/// <summary>The version-1 ciphertext format, checked byte by byte and by decrypting envelopes independently of DataGuard.</summary>
public sealed class CiphertextEnvelopeTests
{
    private const string Sample = "+91 98765 43210";

    public static TheoryData<EncryptionAlgorithm, int, int> Algorithms => new()
    {
        { EncryptionAlgorithm.Aes256Gcm, 12, 16 },
        { EncryptionAlgorithm.XChaCha20Poly1305, 24, 16 },
        { EncryptionAlgorithm.Aegis256, 32, 32 },
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task EncryptString_Header_MarkerVersionAlgorithmAndBigEndianKeyId(EncryptionAlgorithm algorithm, int nonceSize, int tagSize)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(algorithm: algorithm);
        var activeKey = harness.Manager.GetKeys().Single(k => k.Purpose == KeyPurpose.DataEncryption && k.IsActive).Id;

        var envelope = EncryptionAssert.Decode(protector.EncryptString(Sample));

        Assert.Equal(0x76, envelope[0]);
        Assert.Equal(0x01, envelope[1]);
        Assert.Equal(1, envelope[2]);
        Assert.Equal((byte)algorithm, envelope[3]);
        Assert.Equal(activeKey.Value.ToByteArray(bigEndian: true), envelope[4..20]);
        Assert.Equal(20 + nonceSize + Encoding.UTF8.GetByteCount(Sample) + tagSize, envelope.Length);
    }

    [Fact]
    public async Task WriteHeader_AlgorithmIds_AreOneTwoThree()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        Assert.Equal(1, EncryptionAssert.Decode(harness.CreateProtector(algorithm: EncryptionAlgorithm.Aes256Gcm).EncryptString(Sample))[3]);
        Assert.Equal(2, EncryptionAssert.Decode(harness.CreateProtector(algorithm: EncryptionAlgorithm.XChaCha20Poly1305).EncryptString(Sample))[3]);
        Assert.Equal(3, EncryptionAssert.Decode(harness.CreateProtector(algorithm: EncryptionAlgorithm.Aegis256).EncryptString(Sample))[3]);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Envelope_DecryptedIndependently_NonceAfterHeaderTagAtEndHeaderAndNameAuthenticated(EncryptionAlgorithm algorithm, int nonceSize, int tagSize)
    {
        using var kek = new RecordingKeyEncryptionKey();
        await using var harness = await EncryptionHarness.CreateAsync(keyEncryptionKey: kek);
        var protector = harness.CreateProtector(table: "CallLogs", column: "CallerNumber", algorithm: algorithm);

        var envelope = EncryptionAssert.Decode(protector.EncryptString(Sample));

        // Derive the AEAD key as docs/encryption.md says: HKDF-SHA256(master, salt: empty, info: "DataGuard/v1/aead/" + algorithm id).
        var master = kek.MaterialOf(EncryptionAssert.KeyIdOf(envelope));
        var info = Encoding.ASCII.GetBytes("DataGuard/v1/aead/").Append((byte)algorithm).ToArray();
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: [], info);
        var associatedData = envelope[..20].Concat(Encoding.UTF8.GetBytes("CallLogs.CallerNumber")).ToArray();
        var nonce = envelope[20..(20 + nonceSize)];
        var ciphertext = envelope[(20 + nonceSize)..^tagSize];
        var tag = envelope[^tagSize..];

        var plaintext = DecryptIndependently(algorithm, key, nonce, ciphertext, tag, associatedData);

        Assert.Equal(Sample, Encoding.UTF8.GetString(plaintext));
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.Aes256Gcm)]
    [InlineData(EncryptionAlgorithm.XChaCha20Poly1305)]
    [InlineData(EncryptionAlgorithm.Aegis256)]
    public async Task EncryptString_Text_UnpaddedBase64UrlStartingWithDgEB(EncryptionAlgorithm algorithm)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(algorithm: algorithm);

        for (var length = 0; length < 8; length++)
        {
            var text = protector.EncryptString(new string('x', length));
            Assert.StartsWith("dgEB", text, StringComparison.Ordinal);
            Assert.All(text, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not a base64url character."));
            Assert.Equal(CiphertextEnvelope.GetTextLength(CiphertextEnvelope.GetSize(algorithm, length)), text.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task EncryptBytes_Envelope_RawBytesNotText(EncryptionAlgorithm algorithm, int nonceSize, int tagSize)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]), algorithm: algorithm);
        byte[] value = [1, 2, 3, 4, 5];

        var envelope = protector.EncryptBytes(value);

        Assert.Equal([0x76, 0x01, 1, (byte)algorithm], envelope[..4]);
        Assert.Equal(protector.ActiveKeyId, EncryptionAssert.KeyIdOf(envelope));
        Assert.Equal(20 + nonceSize + value.Length + tagSize, envelope.Length);
        Assert.Equal(CiphertextEnvelope.GetSize(algorithm, value.Length), envelope.Length);
    }

    [Fact]
    public async Task EncryptPlaintextBytes_BinaryColumn_RawEnvelope_TextColumn_Base64Url()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var binary = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]));
        var text = harness.CreateProtector();

        var raw = Assert.IsType<byte[]>(binary.EncryptPlaintextBytes("abc"u8));
        var encoded = Assert.IsType<string>(text.EncryptPlaintextBytes("abc"u8));

        Assert.True(CiphertextEnvelope.HasMarker(raw));
        Assert.StartsWith(CiphertextEnvelope.TextPrefix, encoded, StringComparison.Ordinal);
        Assert.Equal("abc"u8.ToArray(), binary.DecryptBytes(raw));
        Assert.Equal("abc", text.DecryptString(encoded));
    }

    [Fact]
    public void TryParse_WellFormedHeader_ReturnsAlgorithmKeyAndSizes()
    {
        var keyId = KeyId.New();
        var envelope = new byte[CiphertextEnvelope.GetSize(EncryptionAlgorithm.XChaCha20Poly1305, 3)];
        CiphertextEnvelope.WriteHeader(envelope, EncryptionAlgorithm.XChaCha20Poly1305, keyId);

        var error = CiphertextEnvelope.TryParse(envelope, out var algorithm, out var parsedKey, out var nonceSize, out var tagSize);

        Assert.Null(error);
        Assert.Equal(EncryptionAlgorithm.XChaCha20Poly1305, algorithm);
        Assert.Equal(keyId, parsedKey);
        Assert.Equal(24, nonceSize);
        Assert.Equal(16, tagSize);
        Assert.Equal(keyId, CiphertextEnvelope.TryGetKeyId(envelope));
    }

    [Theory]
    [InlineData(0, "too short")]
    [InlineData(19, "too short")]
    [InlineData(20 + 12 + 15, "shorter than its algorithm's nonce and tag")]
    public void TryParse_Short_Fails(int length, string expected)
    {
        var envelope = new byte[length];
        if (length >= 20)
        {
            CiphertextEnvelope.WriteHeader(envelope, EncryptionAlgorithm.Aes256Gcm, KeyId.New());
        }

        Assert.Contains(expected, CiphertextEnvelope.TryParse(envelope, out _, out _, out _, out _), StringComparison.Ordinal);
        Assert.Null(CiphertextEnvelope.TryGetKeyId(envelope));
    }

    [Theory]
    [InlineData(0, 0x77, "marker")]
    [InlineData(1, 0x02, "marker")]
    [InlineData(2, 0, "format version")]
    [InlineData(2, 2, "format version")]
    [InlineData(3, 0, "unknown algorithm")]
    [InlineData(3, 4, "unknown algorithm")]
    [InlineData(3, 255, "unknown algorithm")]
    public void TryParse_BadHeaderByte_Fails(int index, byte value, string expected)
    {
        var envelope = new byte[CiphertextEnvelope.GetSize(EncryptionAlgorithm.Aes256Gcm, 4)];
        CiphertextEnvelope.WriteHeader(envelope, EncryptionAlgorithm.Aes256Gcm, KeyId.New());
        envelope[index] = value;

        Assert.Contains(expected, CiphertextEnvelope.TryParse(envelope, out _, out _, out _, out _), StringComparison.Ordinal);
    }

    [Fact]
    public void MinimumSize_IsHeaderPlusAesGcmNonceAndTag()
    {
        Assert.Equal(48, CiphertextEnvelope.MinimumSize);
        Assert.Equal(CiphertextEnvelope.MinimumSize, CiphertextEnvelope.GetSize(EncryptionAlgorithm.Aes256Gcm, 0));
    }

    [Fact]
    public void HasMarkerAndTextPrefix_RecogniseOnlyVersionOneValues()
    {
        Assert.True(CiphertextEnvelope.HasMarker([0x76, 0x01]));
        Assert.False(CiphertextEnvelope.HasMarker([0x76]));
        Assert.False(CiphertextEnvelope.HasMarker([0x01, 0x76, 0x01]));
        Assert.True(CiphertextEnvelope.HasTextPrefix("dgEBxyz"));
        Assert.False(CiphertextEnvelope.HasTextPrefix("dgE"));
        Assert.False(CiphertextEnvelope.HasTextPrefix("DGEBxyz"));
    }

    private static byte[] DecryptIndependently(EncryptionAlgorithm algorithm, byte[] key, byte[] nonce, byte[] ciphertext, byte[] tag, byte[] associatedData)
    {
        if (algorithm == EncryptionAlgorithm.Aes256Gcm)
        {
            using var aes = new AesGcm(key, tag.Length);
            var plaintext = new byte[ciphertext.Length];
            aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return plaintext;
        }

        AeadAlgorithm aead = algorithm == EncryptionAlgorithm.XChaCha20Poly1305 ? AeadAlgorithm.XChaCha20Poly1305 : AeadAlgorithm.Aegis256;
        Assert.Equal(nonce.Length, aead.NonceSize);
        Assert.Equal(tag.Length, aead.TagSize);
        using var nsecKey = Key.Import(aead, key, KeyBlobFormat.RawSymmetricKey);
        var result = new byte[ciphertext.Length];
        Assert.True(aead.Decrypt(nsecKey, nonce, associatedData, ciphertext.Concat(tag).ToArray(), result), "Independent decryption failed.");
        return result;
    }
}
