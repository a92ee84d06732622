// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;
using Xunit;

namespace DataGuard.Tests.Encryption;

/// <summary>Assertions and decoding helpers shared by the encryption tests.</summary>
internal static class EncryptionAssert
{
    /// <summary>Decodes a string ciphertext (unpadded base64url) to its envelope bytes.</summary>
    public static byte[] Decode(string ciphertext) => Base64Url.DecodeFromChars(ciphertext);

    /// <summary>The key id in the header of an envelope (bytes 4..19, big-endian GUID).</summary>
    public static KeyId KeyIdOf(ReadOnlySpan<byte> envelope) => new(new Guid(envelope.Slice(4, KeyId.SizeInBytes), bigEndian: true));

    /// <summary>The key id in the header of a string ciphertext.</summary>
    public static KeyId KeyIdOf(string ciphertext) => KeyIdOf(Decode(ciphertext));

    /// <summary>Runs <paramref name="action"/> and returns the <see cref="DataGuardCryptographicException"/> (or subtype) it must throw.</summary>
    public static DataGuardCryptographicException Fails(Func<object?> action)
    {
        object? result = null;
        var exception = Record.Exception(() => result = action());
        Assert.True(exception is not null, $"Expected a DataGuardCryptographicException, but the call returned {Describe(result)}.");
        return Assert.IsAssignableFrom<DataGuardCryptographicException>(exception);
    }

    /// <summary>Asserts that the failure has <paramref name="reason"/> and carries none of the secrets anywhere (message, inner exceptions, stack).</summary>
    public static DataGuardCryptographicException Fails(Func<object?> action, CryptographicFailureReason reason, params string[] secrets)
    {
        var exception = Fails(action);
        Assert.Equal(reason, exception.Reason);
        NoSecrets(exception, secrets);
        return exception;
    }

    /// <summary>Asserts that no secret appears in the full text of an exception (its chain included).</summary>
    public static void NoSecrets(Exception exception, params string[] secrets)
    {
        var text = exception.ToString();
        foreach (var secret in secrets)
        {
            Assert.False(string.IsNullOrEmpty(secret), "A secret to look for must not be empty.");
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The hex and base64 forms of key material, to look for in messages.</summary>
    public static string[] FormsOf(byte[] material) =>
    [
        Convert.ToHexString(material),
        Convert.ToBase64String(material),
        Base64Url.EncodeToString(material),
    ];

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"a string of {s.Length} characters",
        byte[] b => $"{b.Length} bytes",
        _ => $"a {value.GetType().Name}",
    };
}
