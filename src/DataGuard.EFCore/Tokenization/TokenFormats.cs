// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using PhoneNumbers;

namespace DataGuard.EFCore.Tokenization;

/// <summary>
/// Creates and recognises tokens.
/// </summary>
/// <remarks>
/// <para><b>Opaque</b>: <c>tok_</c> followed by 26 random base32 characters (130 bits).</para>
/// <para><b>Phone-shaped</b>: <c>+</c>, the country calling code of the number, then a "national" part of
/// <see cref="PhoneShapedNationalDigits"/> digits: random digits (the first never 0) and the last two digits of the number. The national
/// part alone is longer than libphonenumber accepts for any national number (17 digits, its absolute maximum, so parsing fails with
/// TOO_LONG), and the whole token (19 to 21 digits) is longer than the 15 digits E.164 allows any number. A token can therefore
/// never be a real, or even a possible, number whatever numbering plans change: no metadata update can make a number longer than
/// E.164 allows. The first random digit is never 0 because libphonenumber strips a national prefix (most often 0) after the calling
/// code, which would shorten the national part. The same length is how a stored value is recognised as a token (and not tokenized
/// again). The random part has 16 digits; collisions are caught by the unique index on the token and retried with new random digits.</para>
/// /// <para>Phone-shaped tokenization accepts only E.164 numbers with a known country calling code (combine with
/// <see cref="PhoneNumberAttribute"/> to normalise first). Other values are refused with a <see cref="DataGuardValidationException"/>
/// instead of falling back to an opaque token, so that a column never mixes two token shapes.</para>
/// </remarks>
internal static class TokenFormats
{
    /// <summary>The prefix of opaque tokens.</summary>
    public const string OpaquePrefix = "tok_";

    /// <summary>The number of random characters of an opaque token.</summary>
    public const int OpaqueRandomLength = 26;

    /// <summary>The number of digits after the calling code of a phone-shaped token (more than any national number can have).</summary>
    public const int PhoneShapedNationalDigits = 18;

    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    private static readonly SearchValues<char> Base32Values = SearchValues.Create(Base32);

    /// <summary>Gets the length of an opaque token.</summary>
    public static int OpaqueLength => OpaquePrefix.Length + OpaqueRandomLength;

    /// <summary>Whether <paramref name="value"/> has the shape of a token of <paramref name="format"/>.</summary>
    public static bool IsToken(string value, TokenFormat format)
    {
        ArgumentNullException.ThrowIfNull(value);
        return format switch
        {
            TokenFormat.Opaque => value.Length == OpaqueLength
                && value.StartsWith(OpaquePrefix, StringComparison.Ordinal)
                && value.AsSpan(OpaquePrefix.Length).IndexOfAnyExcept(Base32Values) < 0,
            TokenFormat.PhoneShaped => value.Length is >= PhoneShapedNationalDigits + 2 and <= PhoneShapedNationalDigits + 4
                && value[0] == '+'
                && value[1] != '0'
                && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0,
            _ => false,
        };
    }

    /// <summary>Throws when <paramref name="format"/> is not a defined <see cref="TokenFormat"/>.</summary>
    public static void Validate(TokenFormat format, string paramName)
    {
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(paramName, format, "The token format is not one of the TokenFormat values.");
        }
    }

    /// <summary>
    /// Checks that <paramref name="value"/> can be tokenized in <paramref name="format"/>, and returns the country calling code
    /// (phone-shaped) or 0.
    /// </summary>
    /// <exception cref="DataGuardValidationException">A phone-shaped token is asked for a value that is not an E.164 number.</exception>
    public static int Prepare(string value, TokenFormat format, string? property = null)
    {
        if (format != TokenFormat.PhoneShaped)
        {
            return 0;
        }

        var where = property is null ? "the value" : property;
        if (value.Length < 4 || value[0] != '+' || value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') >= 0 || value.Length - 1 > 15)
        {
            throw new DataGuardValidationException(
                $"DataGuard cannot create a phone-shaped token for {where}: it is not an E.164 number ('+' and at most 15 digits). Mark the property [PhoneNumber] (or .IsPhoneNumber()) so it is normalised first, or use TokenFormat.Opaque.",
                property,
                PhoneNumberError.NotANumber);
        }

        var util = PhoneNumberUtil.GetInstance();
        for (var length = 1; length <= 3 && length < value.Length - 3; length++)
        {
            var code = int.Parse(value.AsSpan(1, length), NumberStyles.None, CultureInfo.InvariantCulture);
            if (util.GetRegionCodeForCountryCode(code) != "ZZ")
            {
                return code;
            }
        }

        throw new DataGuardValidationException(
            $"DataGuard cannot create a phone-shaped token for {where}: the number has no known country calling code.",
            property,
            PhoneNumberError.InvalidCountryCode);
    }

    /// <summary>Creates a new random token for a value prepared by <see cref="Prepare"/>.</summary>
    public static string Create(string value, TokenFormat format, int countryCode)
    {
        if (format == TokenFormat.PhoneShaped)
        {
            var code = countryCode.ToString(CultureInfo.InvariantCulture);
            var randomLength = PhoneShapedNationalDigits - 2;
            return string.Create(1 + code.Length + PhoneShapedNationalDigits, (code, randomLength, last: value.AsMemory(value.Length - 2)), static (span, state) =>
            {
                span[0] = '+';
                state.code.AsSpan().CopyTo(span[1..]);
                var random = span.Slice(1 + state.code.Length, state.randomLength);
                // The first random digit is never 0, the most common national prefix: libphonenumber strips a national prefix after the
                // calling code, which would shorten the token into a length some plans allow.
                random[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
                for (var i = 1; i < random.Length; i++)
                {
                    random[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
                }

                state.last.Span.CopyTo(span[^2..]);
            });
        }

        return string.Create(OpaqueLength, 0, static (span, _) =>
        {
            OpaquePrefix.AsSpan().CopyTo(span);
            RandomNumberGenerator.GetItems(Base32, span[OpaquePrefix.Length..]);
        });
    }
}
