// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DataGuard;

/// <summary>
/// Identifies one key of the DataGuard key ring. Every ciphertext names the key that protects it.
/// </summary>
/// <remarks>
/// A key id is not secret: it may appear in logs, exception messages and metrics.
/// It names global keys today and is wide enough (128 bits) to name per-tenant and per-data-subject keys without a format change.
/// </remarks>
/// <param name="Value">The 128-bit value of the id.</param>
public readonly record struct KeyId(Guid Value)
{
    /// <summary>
    /// The number of bytes a key id takes in a ciphertext.
    /// </summary>
    public const int SizeInBytes = 16;

    /// <summary>
    /// Creates a new random key id.
    /// </summary>
    /// <returns>A key id that has never been used.</returns>
    public static KeyId New() => new(Guid.NewGuid());

    /// <summary>
    /// Parses the text form produced by <see cref="ToString"/>.
    /// </summary>
    /// <param name="text">32 hexadecimal digits.</param>
    /// <returns>The key id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not 32 hexadecimal digits.</exception>
    public static KeyId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id) ? id : throw new FormatException("A DataGuard key id is 32 hexadecimal digits.");
    }

    /// <summary>
    /// Tries to parse the text form produced by <see cref="ToString"/>.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="keyId">The key id, when the text is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid key id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out KeyId keyId)
    {
        if (text is not null && Guid.TryParseExact(text, "N", out var guid))
        {
            keyId = new KeyId(guid);
            return true;
        }

        keyId = default;
        return false;
    }

    /// <summary>
    /// Returns the id as 32 lowercase hexadecimal digits.
    /// </summary>
    /// <returns>The text form of the id.</returns>
    public override string ToString() => Value.ToString("N", CultureInfo.InvariantCulture);
}
