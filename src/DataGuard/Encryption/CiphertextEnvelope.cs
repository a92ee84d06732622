// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;

namespace DataGuard.Encryption;

/// <summary>
/// The self-describing ciphertext format, version 1 (documented byte by byte in docs/encryption.md):
/// <code>
/// offset  size  field
/// 0       2     marker 0x76 0x01
/// 2       1     format version (1)
/// 3       1     algorithm id (1 AES-256-GCM, 2 XChaCha20-Poly1305, 3 AEGIS-256)
/// 4       16    key id (big-endian GUID bytes)
/// 20      n     nonce (12, 24 or 32 bytes)
/// 20+n    m     ciphertext (as long as the plaintext)
/// 20+n+m  t     tag (16, 16 or 32 bytes)
/// </code>
/// Strings are stored as unpadded base64url of these bytes, so every string ciphertext starts with <c>dgEB</c>;
/// byte arrays are stored as the raw bytes. The associated data of every value is the 20-byte header followed by
/// the UTF-8 logical name of its column.
/// </summary>
internal static class CiphertextEnvelope
{
    public const byte Marker0 = 0x76;
    public const byte Marker1 = 0x01;
    public const byte Version1 = 1;
    public const int HeaderSize = 20;
    public const string TextPrefix = "dgEB";

    /// <summary>The shortest possible envelope: header, a 12-byte nonce, no plaintext, a 16-byte tag.</summary>
    public const int MinimumSize = HeaderSize + 12 + 16;

    public static int GetSize(EncryptionAlgorithm algorithm, int plaintextLength)
        => HeaderSize + AlgorithmParameters.NonceSize(algorithm) + plaintextLength + AlgorithmParameters.TagSize(algorithm);

    public static int GetTextLength(int envelopeSize) => Base64Url.GetEncodedLength(envelopeSize);

    public static void WriteHeader(Span<byte> destination, EncryptionAlgorithm algorithm, KeyId keyId)
    {
        destination[0] = Marker0;
        destination[1] = Marker1;
        destination[2] = Version1;
        destination[3] = (byte)algorithm;
        keyId.Value.TryWriteBytes(destination.Slice(4, KeyId.SizeInBytes), bigEndian: true, out _);
    }

    /// <summary>Whether the bytes start with the marker (the value is meant to be a DataGuard ciphertext).</summary>
    public static bool HasMarker(ReadOnlySpan<byte> value) => value.Length >= 2 && value[0] == Marker0 && value[1] == Marker1;

    /// <summary>Whether the text starts with the version-1 prefix (the value is meant to be a DataGuard ciphertext).</summary>
    public static bool HasTextPrefix(ReadOnlySpan<char> value) => value.StartsWith(TextPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Parses the header strictly. Returns a failure message (no secret in it) when the value is not a well-formed envelope.
    /// </summary>
    public static string? TryParse(ReadOnlySpan<byte> value, out EncryptionAlgorithm algorithm, out KeyId keyId, out int nonceSize, out int tagSize)
    {
        algorithm = default;
        keyId = default;
        nonceSize = 0;
        tagSize = 0;
        if (value.Length < HeaderSize)
        {
            return "the value is too short to be a DataGuard ciphertext (truncated?)";
        }

        if (!HasMarker(value))
        {
            return "the value does not start with the DataGuard marker";
        }

        if (value[2] != Version1)
        {
            return "the value has an unknown format version";
        }

        algorithm = (EncryptionAlgorithm)value[3];
        keyId = new KeyId(new Guid(value.Slice(4, KeyId.SizeInBytes), bigEndian: true));
        if (!AlgorithmParameters.IsKnown(algorithm))
        {
            return "the value names an unknown algorithm";
        }

        nonceSize = AlgorithmParameters.NonceSize(algorithm);
        tagSize = AlgorithmParameters.TagSize(algorithm);
        if (value.Length < HeaderSize + nonceSize + tagSize)
        {
            return "the value is shorter than its algorithm's nonce and tag (truncated?)";
        }

        return null;
    }

    /// <summary>Reads the key id of a well-formed envelope, or <see langword="null"/>.</summary>
    public static KeyId? TryGetKeyId(ReadOnlySpan<byte> value)
        => TryParse(value, out _, out var keyId, out _, out _) is null ? keyId : null;
}
