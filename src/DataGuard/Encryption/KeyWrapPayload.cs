// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace DataGuard.Encryption;

/// <summary>
/// The bytes the key-encryption key wraps: a key's material together with the metadata that decides how the ring uses it (its id,
/// purpose, scope and activation time). The key store keeps that metadata in plain columns; sealing it inside the wrapped material
/// means a writer of the key store cannot re-activate an old key, move a key to another purpose or scope, or swap wrapped material
/// between rows: on load the ring compares the row with what was sealed and treats a key whose row differs as unavailable.
/// </summary>
/// <remarks>
/// Layout (big-endian): the magic <c>DGK1</c>; the key id (16 bytes); the purpose (int32); the activation time in Unix milliseconds
/// (int64); the scope's UTF-8 length (int32, -1 for none); four zero bytes; the scope's bytes, zero-padded to a multiple of eight; then
/// the key material. Every part is a multiple of eight bytes long, as AES key wrap (RFC 3394) needs: 72 bytes for a key without scope.
/// Deletion and destruction markers are not sealed: a key-store writer can always make keys unavailable (erase them); the ring makes
/// sure that never makes an older key active again (see <see cref="KeyRing"/>).
/// </remarks>
internal static class KeyWrapPayload
{
    /// <summary>The longest scope, in UTF-8 bytes.</summary>
    public const int MaxScopeBytes = 256;

    private const int IdOffset = 4;
    private const int PurposeOffset = IdOffset + 16;
    private const int ActivatedOffset = PurposeOffset + 4;
    private const int ScopeLengthOffset = ActivatedOffset + 8;
    private const int HeaderSize = ScopeLengthOffset + 8;

    private static ReadOnlySpan<byte> Magic => "DGK1"u8;

    /// <summary>Seals the metadata of a new key with its material, into a pinned array the caller zeroes once it is wrapped.</summary>
    /// <exception cref="ArgumentException">The scope is longer than <see cref="MaxScopeBytes"/> UTF-8 bytes, or the activation time has sub-millisecond ticks.</exception>
    public static byte[] Seal(KeyId id, KeyPurpose purpose, string? scope, DateTimeOffset activatedAt, ReadOnlySpan<byte> material)
    {
        var scopeBytes = scope is null ? 0 : Encoding.UTF8.GetByteCount(scope);
        if (scopeBytes > MaxScopeBytes)
        {
            throw new ArgumentException($"A key scope takes at most {MaxScopeBytes} UTF-8 bytes.", nameof(scope));
        }

        if (activatedAt.UtcTicks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException("A key's activation time is whole milliseconds (every key store keeps them exactly).", nameof(activatedAt));
        }

        var payload = GC.AllocateArray<byte>(HeaderSize + Padded(scopeBytes) + material.Length, pinned: true);
        var span = payload.AsSpan();
        Magic.CopyTo(span);
        id.Value.TryWriteBytes(span.Slice(IdOffset, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(span[PurposeOffset..], (int)purpose);
        BinaryPrimitives.WriteInt64BigEndian(span[ActivatedOffset..], activatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32BigEndian(span[ScopeLengthOffset..], scope is null ? -1 : scopeBytes);
        if (scope is not null)
        {
            Encoding.UTF8.GetBytes(scope, span.Slice(HeaderSize, scopeBytes));
        }

        material.CopyTo(span[(HeaderSize + Padded(scopeBytes))..]);
        return payload;
    }

    /// <summary>
    /// Checks an unwrapped payload against the key-store row it came from and finds its material.
    /// </summary>
    /// <param name="record">The row as read from the key store.</param>
    /// <param name="payload">What the key-encryption key unwrapped.</param>
    /// <param name="material">The range of the key material in <paramref name="payload"/>.</param>
    /// <param name="reason">Why the row cannot be trusted: which metadata differs from what was sealed (never a value of the key).</param>
    /// <returns>Whether the row matches what was sealed.</returns>
    public static bool TryOpen(KeyRecord record, ReadOnlySpan<byte> payload, out Range material, [NotNullWhen(false)] out string? reason)
    {
        material = default;
        if (payload.Length < HeaderSize || !payload[..Magic.Length].SequenceEqual(Magic))
        {
            reason = "its wrapped material holds no sealed metadata (it was not created by this version of the key ring, or the row was forged), "
                + "so its purpose and activation time cannot be trusted";
            return false;
        }

        var scopeLength = BinaryPrimitives.ReadInt32BigEndian(payload[ScopeLengthOffset..]);
        if (scopeLength < -1 || scopeLength > MaxScopeBytes || payload.Length < HeaderSize + Padded(Math.Max(scopeLength, 0)))
        {
            reason = "its sealed metadata is malformed";
            return false;
        }

        if (new Guid(payload.Slice(IdOffset, 16), bigEndian: true) != record.Id.Value)
        {
            reason = "its wrapped material was sealed for another key id (the material was moved between key-store rows)";
            return false;
        }

        if (BinaryPrimitives.ReadInt32BigEndian(payload[PurposeOffset..]) != (int)record.Purpose)
        {
            reason = "its stored purpose differs from the purpose sealed in its wrapped material (the key-store row was changed)";
            return false;
        }

        if (BinaryPrimitives.ReadInt64BigEndian(payload[ActivatedOffset..]) != record.ActivatedAt.ToUnixTimeMilliseconds()
            || record.ActivatedAt.UtcTicks % TimeSpan.TicksPerMillisecond != 0)
        {
            reason = "its stored activation time differs from the one sealed in its wrapped material (the key-store row was changed)";
            return false;
        }

        var scope = scopeLength < 0 ? null : Encoding.UTF8.GetString(payload.Slice(HeaderSize, scopeLength));
        if (!string.Equals(scope, record.Scope, StringComparison.Ordinal))
        {
            reason = "its stored scope differs from the scope sealed in its wrapped material (the key-store row was changed)";
            return false;
        }

        material = new Range(HeaderSize + Padded(Math.Max(scopeLength, 0)), payload.Length);
        reason = null;
        return true;
    }

    /// <summary>A length rounded up to a multiple of eight.</summary>
    private static int Padded(int length) => (length + 7) & ~7;
}
