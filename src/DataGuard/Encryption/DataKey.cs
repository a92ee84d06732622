// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace DataGuard.Encryption;

/// <summary>
/// One unwrapped key of the ring. The 32-byte master is held in pinned memory and zeroed on dispose; the keys actually
/// used are derived from it with HKDF-SHA256 (one per algorithm, one per blind-indexed column), so a key is never used
/// with two algorithms and equal values in two columns never share an index.
/// </summary>
internal sealed class DataKey : IDisposable
{
    private static readonly byte[] AeadInfoPrefix = Encoding.ASCII.GetBytes("DataGuard/v1/aead/");
    private static readonly byte[] IndexInfoPrefix = Encoding.ASCII.GetBytes("DataGuard/v1/blind-index/");

    private readonly byte[]? _master;
    private readonly AeadCipher?[] _ciphers = new AeadCipher?[4];
    private readonly ThreadLocal<Dictionary<string, IncrementalHash>> _indexMacs = new(() => new(StringComparer.Ordinal), trackAllValues: true);
    private readonly Lock _gate = new();
    private bool _disposed;

    private DataKey(KeyRecord record, byte[]? master, string? unavailableReason)
    {
        Id = record.Id;
        Purpose = record.Purpose;
        Scope = record.Scope;
        CreatedAt = record.CreatedAt;
        ActivatedAt = record.ActivatedAt;
        DestroyedAt = record.DestroyedAt;
        _master = master;
        UnavailableReason = unavailableReason;
    }

    public KeyId Id { get; }

    public KeyPurpose Purpose { get; }

    public string? Scope { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ActivatedAt { get; }

    public DateTimeOffset? DestroyedAt { get; private set; }

    public bool IsDestroyed => DestroyedAt is not null;

    /// <summary>Why the key cannot be used (unwrap failed, corrupt record), or <see langword="null"/> when it can.</summary>
    public string? UnavailableReason { get; }

    public static DataKey FromMaterial(KeyRecord record, ReadOnlySpan<byte> material)
    {
        if (material.Length != AlgorithmParameters.KeySize)
        {
            return Unavailable(record, "its unwrapped material is not 32 bytes (corrupt key-store row?)");
        }

        var master = GC.AllocateArray<byte>(AlgorithmParameters.KeySize, pinned: true);
        material.CopyTo(master);
        return new DataKey(record, master, null);
    }

    public static DataKey Destroyed(KeyRecord record) => new(record, null, null);

    public static DataKey Unavailable(KeyRecord record, string reason) => new(record, null, reason);

    public AeadCipher GetCipher(EncryptionAlgorithm algorithm)
    {
        var index = (int)algorithm;
        var cipher = Volatile.Read(ref _ciphers[index]);
        return cipher ?? CreateCipher(algorithm);
    }

    /// <summary>
    /// Computes the HMAC-SHA256 of <paramref name="data"/> under the index key of one column (derived with HKDF). Each thread keeps one
    /// keyed HMAC instance per column (reusing it costs about 40% of a one-shot HMAC); they belong to this key and are disposed with
    /// it, so a destroyed key can no longer index anything (<see cref="ObjectDisposedException"/>).
    /// </summary>
    public void ComputeIndex(string logicalName, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        var macs = _indexMacs.Value!;
        if (!macs.TryGetValue(logicalName, out var hmac))
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed || _master is null, this);
                var subkey = Derive(IndexInfoPrefix, Encoding.UTF8.GetBytes(logicalName));
                try
                {
                    hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, subkey);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(subkey);
                }
            }

            macs[logicalName] = hmac;
        }

        hmac.AppendData(data);
        hmac.GetHashAndReset(mac);
    }

    /// <summary>Records the destruction time without releasing the material yet (the ring releases it once no snapshot hands it out).</summary>
    public void SetDestroyed(DateTimeOffset destroyedAt) => DestroyedAt ??= destroyedAt;

    public void MarkDestroyed(DateTimeOffset destroyedAt)
    {
        SetDestroyed(destroyedAt);
        Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            for (var i = 0; i < _ciphers.Length; i++)
            {
                _ciphers[i]?.Dispose();
                _ciphers[i] = null;
            }

            foreach (var macs in _indexMacs.Values)
            {
                foreach (var hmac in macs.Values)
                {
                    hmac.Dispose();
                }
            }

            _indexMacs.Dispose();
            if (_master is not null)
            {
                CryptographicOperations.ZeroMemory(_master);
            }
        }
    }

    private AeadCipher CreateCipher(EncryptionAlgorithm algorithm)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed || _master is null, this);
            var index = (int)algorithm;
            if (_ciphers[index] is { } existing)
            {
                return existing;
            }

            var subkey = Derive(AeadInfoPrefix, [(byte)algorithm]);
            try
            {
                AeadCipher cipher = algorithm == EncryptionAlgorithm.Aes256Gcm
                    ? new AesGcmCipher(subkey)
                    : new NSecCipher(algorithm, subkey);
                Volatile.Write(ref _ciphers[index], cipher);
                return cipher;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(subkey);
            }
        }
    }

    private byte[] Derive(byte[] prefix, ReadOnlySpan<byte> suffix)
    {
        var info = new byte[prefix.Length + suffix.Length];
        prefix.CopyTo(info, 0);
        suffix.CopyTo(info.AsSpan(prefix.Length));
        var output = GC.AllocateArray<byte>(AlgorithmParameters.KeySize, pinned: true);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _master!, output, salt: [], info);
        return output;
    }
}
