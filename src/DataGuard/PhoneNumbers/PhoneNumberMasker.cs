// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace DataGuard.PhoneNumbers;

/// <summary>
/// Masks phone numbers: parses them (E.164 preferred; national numbers with <see cref="PhoneNumberOptions.DefaultRegion"/>),
/// formats them in libphonenumber's international format and hides the digits the policy does not keep.
/// </summary>
/// <remarks>
/// <para>
/// The visible national digits never exceed half of the national significant number: when
/// <see cref="PhoneMaskingPolicy.KeepFirstDigits"/> plus <see cref="PhoneMaskingPolicy.KeepLastDigits"/> would show more, fewer
/// leading digits are shown first, then fewer trailing ones (a German <c>+49 30 123456</c> becomes <c>+49 3• •••456</c>).
/// The country calling code is not counted: it is public knowledge for the region.
/// </para>
/// <para>
/// Input that cannot be parsed, refused characters (letters, extensions), input longer than 64 characters, national numbers
/// without a region, unknown country codes and numbers too short for their country are masked entirely: the result is always
/// eight mask characters, whatever the input's length. <see langword="null"/> gives <see langword="null"/> and an empty or
/// white-space value gives <see cref="string.Empty"/> (there is nothing to hide). Thread-safe; nothing is cached.
/// </para>
/// </remarks>
internal sealed class PhoneNumberMasker(IOptionsMonitor<PhoneNumberOptions> options) : IPhoneNumberMasker
{
    /// <summary>The length of the fully masked form.</summary>
    public const int FullMaskLength = 8;

    public string? Mask(string? value, PhoneMaskingPolicy? policy = null)
    {
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        var current = options.CurrentValue;
        policy ??= current.MaskingPolicy ?? PhoneMaskingPolicy.Default;
        return PhoneNumberRules.TryParse(value, current.DefaultRegion, out var number) == PhoneNumberError.None
            ? Mask(number!, policy)
            : FullMask(policy);
    }

    /// <summary>Masks a parsed number.</summary>
    /// <param name="number">The number.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The masked international form, or the full mask when the number is too short or its country code unknown.</returns>
    internal static string Mask(PhoneNumber number, PhoneMaskingPolicy policy)
    {
        if (!PhoneNumberRules.IsMaskable(number))
        {
            return FullMask(policy);
        }

        var formatted = PhoneNumberRules.Util.Format(number, PhoneNumberFormat.INTERNATIONAL);
        var countryCodeLength = number.CountryCode switch
        {
            < 10 => 1,
            < 100 => 2,
            _ => 3,
        };
        return MaskFormatted(formatted, countryCodeLength, policy);
    }

    /// <summary>Gets the fully masked form, which does not depend on the input.</summary>
    /// <param name="policy">The policy whose mask character is used.</param>
    /// <returns>Eight mask characters.</returns>
    internal static string FullMask(PhoneMaskingPolicy policy) => new(policy.MaskCharacter, FullMaskLength);

    private static string MaskFormatted(string formatted, int countryCodeLength, PhoneMaskingPolicy policy)
    {
        var nationalStart = 1 + countryCodeLength;
        if (formatted.Length <= nationalStart || formatted[0] != '+')
        {
            return FullMask(policy);
        }

        var digits = 0;
        for (var i = 1; i < formatted.Length; i++)
        {
            var c = formatted[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (i < nationalStart || !(c is ' ' or '-'))
            {
                // International format is "+", the country code, then digits, spaces and dashes; anything else is unexpected.
                return FullMask(policy);
            }
        }

        var national = digits - countryCodeLength;
        var half = national / 2;
        var last = Math.Clamp(policy.KeepLastDigits, 0, half);
        var first = Math.Clamp(policy.KeepFirstDigits, 0, half - last);
        var state = new MaskState(formatted, countryCodeLength, national, first, last, policy.KeepCountryCode, policy.MaskCharacter);

        if (policy.KeepNationalGrouping)
        {
            return string.Create(formatted.Length, state, static (destination, s) =>
            {
                destination[0] = '+';
                var digitIndex = -s.CountryCodeLength;
                for (var i = 1; i < s.Formatted.Length; i++)
                {
                    var c = s.Formatted[i];
                    destination[i] = char.IsAsciiDigit(c) ? s.Show(digitIndex++, c) : c;
                }
            });
        }

        return string.Create(1 + countryCodeLength + 1 + national, state, static (destination, s) =>
        {
            destination[0] = '+';
            var j = 1;
            var digitIndex = -s.CountryCodeLength;
            for (var i = 1; i < s.Formatted.Length; i++)
            {
                var c = s.Formatted[i];
                if (char.IsAsciiDigit(c))
                {
                    destination[j++] = s.Show(digitIndex++, c);
                    if (digitIndex == 0)
                    {
                        destination[j++] = ' ';
                    }
                }
            }
        });
    }

    /// <summary>What the masking loop needs.</summary>
    /// <param name="Formatted">The international format.</param>
    /// <param name="CountryCodeLength">The number of country-code digits.</param>
    /// <param name="National">The number of national digits.</param>
    /// <param name="First">The leading national digits shown.</param>
    /// <param name="Last">The trailing national digits shown.</param>
    /// <param name="KeepCountryCode">Whether the country code is shown.</param>
    /// <param name="MaskCharacter">The mask character.</param>
    private readonly record struct MaskState(
        string Formatted, int CountryCodeLength, int National, int First, int Last, bool KeepCountryCode, char MaskCharacter)
    {
        /// <summary>Gets the character written for a digit.</summary>
        /// <param name="digitIndex">The index among national digits (negative for country-code digits).</param>
        /// <param name="digit">The digit.</param>
        /// <returns>The digit or the mask character.</returns>
        public char Show(int digitIndex, char digit)
            => (digitIndex < 0 ? KeepCountryCode : digitIndex < First || digitIndex >= National - Last) ? digit : MaskCharacter;
    }
}
