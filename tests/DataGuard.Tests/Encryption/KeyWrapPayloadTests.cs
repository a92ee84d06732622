// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;
using DataGuard.Encryption;
using Xunit;

namespace DataGuard.Tests.Encryption;

/// <summary>The metadata sealed with a key's material: what a key-store row must match to be trusted.</summary>
public sealed class KeyWrapPayloadTests
{
    private static readonly DateTimeOffset ActivatedAt = new(2026, 12, 2, 10, 0, 0, 123, TimeSpan.Zero);

    [Theory]
    [InlineData(null)]
    [InlineData("tenant-7")]
    [InlineData("ünïcödé scope")]
    public void Seal_ThenOpen_TheSameRow_GivesTheMaterialBack(string? scope)
    {
        var id = KeyId.New();
        var material = RandomNumberGenerator.GetBytes(32);

        var payload = KeyWrapPayload.Seal(id, KeyPurpose.BlindIndex, scope, ActivatedAt, material);

        Assert.True(KeyWrapPayload.TryOpen(Row(id, KeyPurpose.BlindIndex, scope, ActivatedAt), payload, out var range, out var reason), reason);
        Assert.Equal(material, payload.AsSpan(range).ToArray());
        Assert.Equal(0, payload.Length % 8); // AES key wrap (RFC 3394) takes multiples of eight bytes
        Assert.Equal(scope is null ? 72 : 72 + ((System.Text.Encoding.UTF8.GetByteCount(scope) + 7) & ~7), payload.Length);
    }

    [Theory]
    [InlineData("id", "sealed for another key id")]
    [InlineData("purpose", "purpose differs")]
    [InlineData("activation", "activation time differs")]
    [InlineData("activation-tick", "activation time differs")]
    [InlineData("scope", "scope differs")]
    [InlineData("scope-removed", "scope differs")]
    public void Open_ARowWhoseMetadataDiffers_IsRefused_NamingWhat(string change, string expected)
    {
        var id = KeyId.New();
        var payload = KeyWrapPayload.Seal(id, KeyPurpose.DataEncryption, "tenant-7", ActivatedAt, RandomNumberGenerator.GetBytes(32));
        var row = change switch
        {
            "id" => Row(KeyId.New(), KeyPurpose.DataEncryption, "tenant-7", ActivatedAt),
            "purpose" => Row(id, KeyPurpose.BlindIndex, "tenant-7", ActivatedAt),
            "activation" => Row(id, KeyPurpose.DataEncryption, "tenant-7", ActivatedAt.AddMilliseconds(1)),
            "activation-tick" => Row(id, KeyPurpose.DataEncryption, "tenant-7", ActivatedAt.AddTicks(1)),
            "scope" => Row(id, KeyPurpose.DataEncryption, "tenant-8", ActivatedAt),
            _ => Row(id, KeyPurpose.DataEncryption, null, ActivatedAt),
        };

        Assert.False(KeyWrapPayload.TryOpen(row, payload, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(35)]
    public void Open_BytesWithoutTheSealedHeader_AreRefused(int length)
    {
        var id = KeyId.New();

        Assert.False(KeyWrapPayload.TryOpen(Row(id, KeyPurpose.DataEncryption, null, ActivatedAt), RandomNumberGenerator.GetBytes(length), out _, out var reason));
        Assert.Contains("no sealed metadata", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AScopeLengthPastThePayload_IsMalformed()
    {
        var id = KeyId.New();
        var payload = KeyWrapPayload.Seal(id, KeyPurpose.DataEncryption, null, ActivatedAt, []);
        payload[^5] = 0x7F; // the scope length field (followed by four zero bytes in a payload without scope or material)

        Assert.False(KeyWrapPayload.TryOpen(Row(id, KeyPurpose.DataEncryption, null, ActivatedAt), payload, out _, out var reason));
        Assert.Equal("its sealed metadata is malformed", reason);
    }

    [Fact]
    public void Seal_BadInput_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => KeyWrapPayload.Seal(KeyId.New(), KeyPurpose.DataEncryption, new string('s', KeyWrapPayload.MaxScopeBytes + 1), ActivatedAt, new byte[32]));
        Assert.Throws<ArgumentException>(() => KeyWrapPayload.Seal(KeyId.New(), KeyPurpose.DataEncryption, null, ActivatedAt.AddTicks(1), new byte[32]));
    }

    private static KeyRecord Row(KeyId id, KeyPurpose purpose, string? scope, DateTimeOffset activatedAt) => new()
    {
        Id = id,
        Purpose = purpose,
        Scope = scope,
        CreatedAt = activatedAt,
        ActivatedAt = activatedAt,
        WrappedKey = new byte[60],
        KeyEncryptionKeyId = "test-kek",
    };
}
