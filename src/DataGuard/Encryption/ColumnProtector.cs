// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Buffers.Text;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using DataGuard.Telemetry;

namespace DataGuard.Encryption;

/// <summary>
/// Encrypts, decrypts and blind-indexes the values of one column. Created once per column when the model is built and
/// captured by the column's value converter; holds no key material itself (keys are looked up in the ring per call).
/// </summary>
/// <remarks>Thread-safe. Buffers live on the stack (or the array pool for large values) and are zeroed after use.</remarks>
internal sealed class ColumnProtector
{
    private const int StackLimit = 1024;
    private const int HeaderSize = CiphertextEnvelope.HeaderSize;

    private readonly KeyRing _ring;
    private readonly DataGuardMetrics _metrics;
    private readonly byte[] _nameBytes;
    private readonly DestroyedKeyBehavior _destroyedKeyBehavior;

    public ColumnProtector(ColumnProtectionSettings settings, KeyRing ring, FieldEncryptionOptions options, IBlindIndexNormalizer normalizer, DataGuardMetrics metrics)
    {
        Settings = settings;
        _ring = ring;
        _metrics = metrics;
        Normalizer = normalizer;
        Algorithm = settings.Algorithm == EncryptionAlgorithm.Default ? options.DefaultAlgorithm : settings.Algorithm;
        IndexSize = options.BlindIndexSize;
        _destroyedKeyBehavior = options.DestroyedKeyBehavior;
        _nameBytes = Encoding.UTF8.GetBytes(settings.AssociatedDataName);
        IsBinary = settings.ValueType == typeof(byte[]);
    }

    public ColumnProtectionSettings Settings { get; }

    public EncryptionAlgorithm Algorithm { get; }

    public IBlindIndexNormalizer Normalizer { get; }

    public int IndexSize { get; }

    /// <summary>Whether values are stored as raw bytes (byte-array properties) rather than base64url text.</summary>
    public bool IsBinary { get; }

    public string LogicalName => Settings.AssociatedDataName;

    /// <summary>The length of the base64url text of a blind index.</summary>
    public int IndexTextLength => Base64Url.GetEncodedLength(IndexSize);

    // ---------------------------------------------------------------- strings

    public string EncryptString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plaintextLength = Encoding.UTF8.GetByteCount(value);
        var (cipher, keyId) = ActiveCipher();
        var envelopeLength = HeaderSize + cipher.NonceSize + plaintextLength + cipher.TagSize;
        var needed = envelopeLength + plaintextLength + HeaderSize + _nameBytes.Length;
        byte[]? rented = null;
        var buffer = needed <= StackLimit ? stackalloc byte[needed] : (rented = ArrayPool<byte>.Shared.Rent(needed)).AsSpan(0, needed);
        var envelope = buffer[..envelopeLength];
        var plaintext = buffer.Slice(envelopeLength, plaintextLength);
        try
        {
            Encoding.UTF8.GetBytes(value, plaintext);
            Seal(cipher, keyId, plaintext, envelope, buffer[(envelopeLength + plaintextLength)..]);
            _metrics.RecordCrypto("encrypt", "success");
            return Base64UrlText.Encode(envelope);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
            Return(rented);
        }
    }

    public string? DecryptString(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!CiphertextEnvelope.HasTextPrefix(stored))
        {
            return Settings.AllowPlaintextMigration ? stored : throw PlaintextNotAllowed();
        }

        var maxLength = Base64Url.GetMaxDecodedLength(stored.Length);
        var needed = (2 * maxLength) + HeaderSize + _nameBytes.Length;
        byte[]? rented = null;
        var buffer = needed <= StackLimit ? stackalloc byte[needed] : (rented = ArrayPool<byte>.Shared.Rent(needed)).AsSpan(0, needed);
        var plaintext = buffer.Slice(maxLength, maxLength);
        var length = 0;
        try
        {
            var envelope = DecodeStrict(stored, buffer[..maxLength]);
            length = Open(envelope, plaintext, buffer[(2 * maxLength)..]);
            return length < 0 ? null : Encoding.UTF8.GetString(plaintext[..length]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext[..Math.Max(length, 0)]);
            Return(rented);
        }
    }

    // ---------------------------------------------------------------- byte arrays

    public byte[] EncryptBytes(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (cipher, keyId) = ActiveCipher();
        var envelope = new byte[HeaderSize + cipher.NonceSize + value.Length + cipher.TagSize];
        Span<byte> associatedData = stackalloc byte[HeaderSize + _nameBytes.Length];
        Seal(cipher, keyId, value, envelope, associatedData);
        _metrics.RecordCrypto("encrypt", "success");
        return envelope;
    }

    public byte[]? DecryptBytes(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!CiphertextEnvelope.HasMarker(stored))
        {
            return Settings.AllowPlaintextMigration ? stored : throw PlaintextNotAllowed();
        }

        var error = CiphertextEnvelope.TryParse(stored, out _, out _, out var nonceSize, out var tagSize);
        var plaintext = new byte[error is null ? stored.Length - HeaderSize - nonceSize - tagSize : 0];
        Span<byte> associatedData = stackalloc byte[HeaderSize + _nameBytes.Length];
        return Open(stored, plaintext, associatedData) < 0 ? null : plaintext;
    }

    // ---------------------------------------------------------------- value types

    public string EncryptValue<T>(T value)
        where T : struct
    {
        Span<byte> plaintext = stackalloc byte[ValueCodec.MaxSize];
        var plaintextLength = ValueCodec.Write(value, plaintext);
        var (cipher, keyId) = ActiveCipher();
        var envelopeLength = HeaderSize + cipher.NonceSize + plaintextLength + cipher.TagSize;
        Span<byte> buffer = stackalloc byte[envelopeLength + HeaderSize + _nameBytes.Length];
        try
        {
            Seal(cipher, keyId, plaintext[..plaintextLength], buffer[..envelopeLength], buffer[envelopeLength..]);
            _metrics.RecordCrypto("encrypt", "success");
            return Base64UrlText.Encode(buffer[..envelopeLength]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public T DecryptValue<T>(string stored)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(stored);

        // The stored text comes from the database: its length is not bounded, so neither is the stack it may take.
        var plaintextSize = Math.Max(ValueCodec.MaxSize, Base64Url.GetMaxDecodedLength(stored.Length));
        byte[]? rentedPlaintext = null;
        var plaintext = plaintextSize <= StackLimit
            ? stackalloc byte[plaintextSize]
            : (rentedPlaintext = ArrayPool<byte>.Shared.Rent(plaintextSize)).AsSpan(0, plaintextSize);
        try
        {
            if (!CiphertextEnvelope.HasTextPrefix(stored))
            {
                if (!Settings.AllowPlaintextMigration)
                {
                    throw PlaintextNotAllowed();
                }

                try
                {
                    return ValueCodec.Read<T>(plaintext[..ValueCodec.WriteLegacyText(typeof(T), stored, plaintext)]);
                }
                catch (FormatException ex)
                {
                    throw Failure(CryptographicFailureReason.MalformedValue, $"the legacy plaintext value is not a {typeof(T).Name}", null, ex);
                }
            }

            var maxLength = Base64Url.GetMaxDecodedLength(stored.Length);
            var needed = maxLength + HeaderSize + _nameBytes.Length;
            byte[]? rented = null;
            var buffer = needed <= StackLimit ? stackalloc byte[needed] : (rented = ArrayPool<byte>.Shared.Rent(needed)).AsSpan(0, needed);
            try
            {
                var envelope = DecodeStrict(stored, buffer[..maxLength]);
                var length = Open(envelope, plaintext, buffer[maxLength..]);
                if (length < 0)
                {
                    return default;
                }

                try
                {
                    return ValueCodec.Read<T>(plaintext[..length]);
                }
                catch (FormatException ex)
                {
                    throw Failure(
                        CryptographicFailureReason.MalformedValue,
                        $"the decrypted value is not a {typeof(T).Name} (was the property's type changed?)",
                        CiphertextEnvelope.TryGetKeyId(envelope),
                        ex);
                }
            }
            finally
            {
                Return(rented);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
            Return(rentedPlaintext);
        }
    }

    // ---------------------------------------------------------------- blind indexes

    public string ComputeBlindIndex(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return HashNormalized(value, [_ring.Current.ActiveIndexKey])[0];
    }

    public string ComputeBlindIndex(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Hash(_ring.Current.ActiveIndexKey, value);
    }

    public string ComputeBlindIndex<T>(T value)
        where T : struct
    {
        Span<byte> bytes = stackalloc byte[ValueCodec.MaxSize];
        try
        {
            return Hash(_ring.Current.ActiveIndexKey, bytes[..ValueCodec.Write(value, bytes)]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The index of a boxed value (string, byte array or supported value type) under the active index key.</summary>
    public string ComputeBlindIndexOfBoxed(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ComputeIndexes(value, [_ring.Current.ActiveIndexKey])[0];
    }

    /// <summary>The index of <paramref name="value"/> under every usable index key (for queries while an index-key rotation is under way).</summary>
    public string[] ComputeBlindIndexCandidates(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ComputeIndexes(value, _ring.Current.QueryIndexKeys);
    }

    // ---------------------------------------------------------------- raw access (re-encryption job)

    /// <summary>Describes a stored value: ciphertext (with its key) or legacy plaintext.</summary>
    public static StoredValueInfo Inspect(object stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored is byte[] bytes)
        {
            return CiphertextEnvelope.HasMarker(bytes)
                ? new StoredValueInfo(IsCiphertext: true, CiphertextEnvelope.TryGetKeyId(bytes), ReadAlgorithm(bytes))
                : new StoredValueInfo(IsCiphertext: false, null, null);
        }

        var text = (string)stored;
        if (!CiphertextEnvelope.HasTextPrefix(text))
        {
            return new StoredValueInfo(IsCiphertext: false, null, null);
        }

        var envelope = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, envelope, out _, out var written) != OperationStatus.Done)
        {
            return new StoredValueInfo(IsCiphertext: true, null, null);
        }

        return new StoredValueInfo(IsCiphertext: true, CiphertextEnvelope.TryGetKeyId(envelope.AsSpan(0, written)), ReadAlgorithm(envelope.AsSpan(0, written)));
    }

    /// <summary>
    /// The plaintext bytes of a stored value (its serialised form for value types). Legacy plaintext is accepted only when the
    /// column allows plaintext migration. Returns <see langword="null"/> when the value's key was destroyed and the options say so.
    /// The caller zeroes the result.
    /// </summary>
    public byte[]? DecryptToPlaintextBytes(object stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored is byte[] bytes)
        {
            return DecryptBytes(bytes) is { } plain ? (ReferenceEquals(plain, bytes) ? (byte[])plain.Clone() : plain) : null;
        }

        var text = (string)stored;
        if (!CiphertextEnvelope.HasTextPrefix(text))
        {
            if (!Settings.AllowPlaintextMigration)
            {
                throw PlaintextNotAllowed();
            }

            if (Settings.ValueType == typeof(string))
            {
                return Encoding.UTF8.GetBytes(text);
            }

            Span<byte> value = stackalloc byte[ValueCodec.MaxSize];
            return value[..ValueCodec.WriteLegacyText(Settings.ValueType, text, value)].ToArray();
        }

        var maxLength = Base64Url.GetMaxDecodedLength(text.Length);
        var envelope = new byte[maxLength];
        var plaintext = new byte[maxLength];
        Span<byte> associatedData = stackalloc byte[HeaderSize + _nameBytes.Length];
        var decoded = DecodeStrict(text, envelope);
        var length = Open(decoded, plaintext, associatedData);
        if (length < 0)
        {
            return null;
        }

        var result = plaintext.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(plaintext);
        return result;
    }

    /// <summary>Encrypts plaintext bytes (a serialised value) under the active key, in the column's storage form.</summary>
    public object EncryptPlaintextBytes(ReadOnlySpan<byte> plaintext)
    {
        var (cipher, keyId) = ActiveCipher();
        var envelope = new byte[HeaderSize + cipher.NonceSize + plaintext.Length + cipher.TagSize];
        Span<byte> associatedData = stackalloc byte[HeaderSize + _nameBytes.Length];
        Seal(cipher, keyId, plaintext, envelope, associatedData);
        _metrics.RecordCrypto("encrypt", "success");
        return IsBinary ? envelope : Base64UrlText.Encode(envelope);
    }

    /// <summary>The blind index of plaintext bytes under the active index key.</summary>
    public string ComputeBlindIndexFromPlaintext(ReadOnlySpan<byte> plaintext)
    {
        var key = _ring.Current.ActiveIndexKey;
        return Settings.ValueType == typeof(string) ? HashNormalized(Encoding.UTF8.GetString(plaintext), [key])[0] : Hash(key, plaintext);
    }

    /// <summary>The key id every new value of this column is written under.</summary>
    public KeyId ActiveKeyId => _ring.Current.ActiveDataKey.Id;

    /// <summary>
    /// Gets whether a blind-index key of the ring (not destroyed) is unavailable (its wrapped bytes could not be unwrapped): equality
    /// candidates then miss every value indexed under it, which a lookup may accept but a legal hold must not (it would fail open).
    /// </summary>
    public bool HasUnavailableIndexKeys
    {
        get
        {
            foreach (var key in _ring.Current.Keys.Values)
            {
                if (key.Purpose == KeyPurpose.BlindIndex && key.Scope is null && !key.IsDestroyed && key.UnavailableReason is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }

    // ---------------------------------------------------------------- internals

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private static EncryptionAlgorithm? ReadAlgorithm(ReadOnlySpan<byte> envelope)
        => CiphertextEnvelope.TryParse(envelope, out var algorithm, out _, out _, out _) is null ? algorithm : null;

    private static int WriteBoxed(object value, Span<byte> destination) => value switch
    {
        bool v => ValueCodec.Write(v, destination),
        short v => ValueCodec.Write(v, destination),
        int v => ValueCodec.Write(v, destination),
        long v => ValueCodec.Write(v, destination),
        float v => ValueCodec.Write(v, destination),
        double v => ValueCodec.Write(v, destination),
        decimal v => ValueCodec.Write(v, destination),
        Guid v => ValueCodec.Write(v, destination),
        DateTime v => ValueCodec.Write(v, destination),
        DateTimeOffset v => ValueCodec.Write(v, destination),
        DateOnly v => ValueCodec.Write(v, destination),
        TimeOnly v => ValueCodec.Write(v, destination),
        TimeSpan v => ValueCodec.Write(v, destination),
        _ => throw new NotSupportedException($"DataGuard cannot index values of type {value.GetType().Name}."),
    };

    /// <summary>The index of a string, byte array or boxed value type under each key, in order.</summary>
    private string[] ComputeIndexes(object value, ReadOnlySpan<DataKey> keys)
    {
        if (value is string text)
        {
            return HashNormalized(text, keys);
        }

        var result = new string[keys.Length];
        if (value is byte[] bytes)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                result[i] = Hash(keys[i], bytes);
            }

            return result;
        }

        Span<byte> serialized = stackalloc byte[ValueCodec.MaxSize];
        try
        {
            var length = WriteBoxed(value, serialized);
            for (var i = 0; i < keys.Length; i++)
            {
                result[i] = Hash(keys[i], serialized[..length]);
            }

            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(serialized);
        }
    }

    /// <summary>Normalises and encodes a string once (in a buffer zeroed after use), then hashes it under each key.</summary>
    private string[] HashNormalized(string value, ReadOnlySpan<DataKey> keys)
    {
        var normalized = Normalizer.Normalize(value);
        var length = Encoding.UTF8.GetByteCount(normalized);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            Encoding.UTF8.GetBytes(normalized, buffer);
            var result = new string[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                result[i] = Hash(keys[i], buffer);
            }

            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            Return(rented);
        }
    }

    private string Hash(DataKey key, ReadOnlySpan<byte> data)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        try
        {
            key.ComputeIndex(LogicalName, data, mac);
        }
        catch (ObjectDisposedException ex)
        {
            throw Failure(CryptographicFailureReason.KeyUnavailable, "the blind-index key was destroyed or released while in use", key.Id, ex);
        }

        return Base64UrlText.Encode(mac[..IndexSize]);
    }

    private (AeadCipher Cipher, KeyId KeyId) ActiveCipher()
    {
        var key = _ring.Current.ActiveDataKey;
        try
        {
            return (key.GetCipher(Algorithm), key.Id);
        }
        catch (ObjectDisposedException ex)
        {
            throw Failure(CryptographicFailureReason.KeyUnavailable, "the active key was disposed (is the application shutting down?)", key.Id, ex, "encrypt");
        }
        catch (PlatformNotSupportedException ex)
        {
            throw Failure(CryptographicFailureReason.UnsupportedAlgorithm, $"{AlgorithmParameters.DisplayName(Algorithm)} is not available on this machine", key.Id, ex, "encrypt");
        }
    }

    private void Seal(AeadCipher cipher, KeyId keyId, ReadOnlySpan<byte> plaintext, Span<byte> envelope, Span<byte> associatedData)
    {
        CiphertextEnvelope.WriteHeader(envelope, Algorithm, keyId);
        var ad = associatedData[..(HeaderSize + _nameBytes.Length)];
        envelope[..HeaderSize].CopyTo(ad);
        _nameBytes.CopyTo(ad[HeaderSize..]);
        var nonce = envelope.Slice(HeaderSize, cipher.NonceSize);
        NonceGenerator.Fill(nonce);
        try
        {
            cipher.Encrypt(nonce, plaintext, envelope[(HeaderSize + cipher.NonceSize)..], ad);
        }
        catch (ObjectDisposedException ex)
        {
            throw Failure(CryptographicFailureReason.KeyUnavailable, "the active key was released while in use (is the application shutting down?)", keyId, ex, "encrypt");
        }
    }

    /// <summary>Decodes base64url and accepts only the canonical encoding, so that no change of the text goes unnoticed.</summary>
    private Span<byte> DecodeStrict(string stored, Span<byte> destination)
    {
        // DecodeFromChars reports invalid characters as a status; TryDecodeFromChars would throw FormatException for them.
        if (Base64Url.DecodeFromChars(stored, destination, out _, out var written) != OperationStatus.Done
            || Base64Url.GetEncodedLength(written) != stored.Length
            || !IsCanonical(stored, destination[..written]))
        {
            throw Failure(CryptographicFailureReason.MalformedValue, "the value is not canonical base64url (changed or truncated?)", null);
        }

        return destination[..written];
    }

    private static bool IsCanonical(string stored, ReadOnlySpan<byte> decoded)
    {
        var length = stored.Length;
        char[]? rented = null;
        var chars = length <= 512 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            return Base64Url.TryEncodeToChars(decoded, chars, out var written)
                && chars[..written].SequenceEqual(stored);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Authenticates and decrypts an envelope; returns the plaintext length, or -1 for a destroyed key when the options say so.</summary>
    private int Open(ReadOnlySpan<byte> envelope, Span<byte> plaintext, Span<byte> associatedData)
    {
        var error = CiphertextEnvelope.TryParse(envelope, out var algorithm, out var keyId, out var nonceSize, out var tagSize);
        if (error is not null)
        {
            throw Failure(CryptographicFailureReason.MalformedValue, error, envelope.Length >= HeaderSize && CiphertextEnvelope.HasMarker(envelope) ? keyId : null);
        }

        var key = _ring.FindKey(keyId);
        if (key is null)
        {
            throw Failure(CryptographicFailureReason.KeyNotFound, "the key is not in the key ring (another key store, a deleted key row, or an injected value?)", keyId);
        }

        if (key.IsDestroyed)
        {
            return DestroyedKey(keyId);
        }

        if (key.UnavailableReason is not null)
        {
            throw Failure(CryptographicFailureReason.KeyUnavailable, $"the key is unavailable: {key.UnavailableReason}", keyId);
        }

        if (key.Purpose != KeyPurpose.DataEncryption)
        {
            throw Failure(CryptographicFailureReason.AuthenticationFailed, "the value names a key that is not a data-encryption key", keyId);
        }

        AeadCipher cipher;
        try
        {
            cipher = key.GetCipher(algorithm);
        }
        catch (ObjectDisposedException ex)
        {
            return key.IsDestroyed
                ? DestroyedKey(keyId)
                : throw Failure(CryptographicFailureReason.KeyUnavailable, "the key was released (is the application shutting down?)", keyId, ex);
        }
        catch (PlatformNotSupportedException ex)
        {
            throw Failure(CryptographicFailureReason.UnsupportedAlgorithm, $"{AlgorithmParameters.DisplayName(algorithm)} is not available on this machine", keyId, ex);
        }

        var ad = associatedData[..(HeaderSize + _nameBytes.Length)];
        envelope[..HeaderSize].CopyTo(ad);
        _nameBytes.CopyTo(ad[HeaderSize..]);
        var body = envelope[(HeaderSize + nonceSize)..];
        var length = body.Length - tagSize;
        bool authentic;
        try
        {
            authentic = cipher.TryDecrypt(envelope.Slice(HeaderSize, nonceSize), body, plaintext, ad);
        }
        catch (ObjectDisposedException ex)
        {
            return key.IsDestroyed
                ? DestroyedKey(keyId)
                : throw Failure(CryptographicFailureReason.KeyUnavailable, "the key was released (is the application shutting down?)", keyId, ex);
        }

        if (!authentic)
        {
            throw Failure(
                CryptographicFailureReason.AuthenticationFailed,
                "authentication failed: the value was modified, copied from another column or table, or the key material is wrong",
                keyId);
        }

        _metrics.RecordCrypto("decrypt", "success");
        return length;
    }

    private int DestroyedKey(KeyId keyId)
    {
        _metrics.RecordCrypto("decrypt", "key_destroyed");
        if (_destroyedKeyBehavior == DestroyedKeyBehavior.ReturnDefault)
        {
            return -1;
        }

        throw new DataGuardKeyDestroyedException(
            $"Cannot decrypt a value of {Describe()}: key {keyId} was destroyed (crypto-shredded); the value can never be read again.",
            LogicalName,
            keyId);
    }

    private DataGuardCryptographicException PlaintextNotAllowed()
    {
        return Failure(
            CryptographicFailureReason.PlaintextNotAllowed,
            "the column holds a value that is not DataGuard ciphertext. If the column still holds legacy plaintext, enable plaintext "
            + "migration for it (AllowPlaintextMigration) and run the re-encryption job; otherwise the value was written around DataGuard",
            null);
    }

    private DataGuardCryptographicException Failure(CryptographicFailureReason reason, string detail, KeyId? keyId, Exception? inner = null, string operation = "decrypt")
    {
        _metrics.RecordCrypto(operation, OutcomeTag(reason));
        var key = keyId is { } id ? $" under key {id}" : string.Empty;
        var verb = operation == "encrypt" ? "encrypt" : "decrypt";
        return new DataGuardCryptographicException($"Cannot {verb} a value of {Describe()}{key}: {detail}.", reason, LogicalName, keyId, inner);
    }

    private static string OutcomeTag(CryptographicFailureReason reason) => reason switch
    {
        CryptographicFailureReason.MalformedValue => "malformed_value",
        CryptographicFailureReason.KeyNotFound => "key_not_found",
        CryptographicFailureReason.KeyDestroyed => "key_destroyed",
        CryptographicFailureReason.AuthenticationFailed => "authentication_failed",
        CryptographicFailureReason.PlaintextNotAllowed => "plaintext_rejected",
        CryptographicFailureReason.KeyUnavailable => "key_unavailable",
        CryptographicFailureReason.UnsupportedAlgorithm => "unsupported_algorithm",
        _ => "failure",
    };

    private string Describe()
    {
        var name = $"column '{Settings.Column}' of table '{Settings.Table}'";
        var expected = $"{Settings.Table}.{Settings.Column}";
        return string.Equals(expected, LogicalName, StringComparison.Ordinal) ? name : $"{name} (associated data '{LogicalName}')";
    }
}
