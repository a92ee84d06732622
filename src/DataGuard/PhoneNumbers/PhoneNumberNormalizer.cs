// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace DataGuard.PhoneNumbers;

/// <summary>
/// Normalises phone numbers to E.164 with libphonenumber. The region that reads a national number is the one passed by the
/// caller (the EF Core integration passes the tenant's), else <see cref="PhoneNumberOptions.DefaultRegion"/>; numbers written
/// with a country code (<c>+</c> or an international dialling prefix of the region) need none.
/// </summary>
/// <remarks>
/// A singleton: it reads no scoped state. Exception messages show the input only masked (<see cref="PhoneNumberMasker"/>, fully
/// masked when it cannot be parsed), never raw. A value already in E.164 form is parsed without screening and, when valid, returned
/// as the same instance. Nothing is cached.
/// </remarks>
internal sealed class PhoneNumberNormalizer(IOptionsMonitor<PhoneNumberOptions> options) : IPhoneNumberNormalizer
{
    public string Normalize(string value, string? region = null) => Normalize(value, region, propertyName: null);

    /// <summary>Normalises a phone number to E.164, naming the property in the exception message.</summary>
    /// <param name="value">The number as written.</param>
    /// <param name="region">The region that reads a national number, or <see langword="null"/> for the default region.</param>
    /// <param name="propertyName">The property (<c>CallLog.CallerNumber</c>) that prefixes the message, or <see langword="null"/>.</param>
    /// <returns>The E.164 form.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="DataGuardValidationException">The value is not an acceptable phone number.</exception>
    public string Normalize(string value, string? region, string? propertyName)
    {
        ArgumentNullException.ThrowIfNull(value);
        var current = options.CurrentValue;
        var error = TryNormalize(value, region ?? current.DefaultRegion, current.AcceptPossibleNumbers, out var e164, out var number, out var invalidLength);
        if (error == PhoneNumberError.None)
        {
            return e164!;
        }

        var message = Message(error, number, invalidLength, current.MaskingPolicy ?? PhoneMaskingPolicy.Default, propertyName);
        throw new DataGuardValidationException(message, propertyName, error);
    }

    public bool TryNormalize(string? value, string? region, [NotNullWhen(true)] out string? e164, out PhoneNumberError error)
    {
        var current = options.CurrentValue;
        error = TryNormalize(value, region ?? current.DefaultRegion, current.AcceptPossibleNumbers, out e164, out _, out _);
        return error == PhoneNumberError.None;
    }

    /// <summary>Builds the message for a refused number; it never contains the raw input.</summary>
    /// <param name="error">Why the number was refused.</param>
    /// <param name="number">The parsed number, or <see langword="null"/> when parsing failed.</param>
    /// <param name="invalidLength">Whether no number of the country has this length.</param>
    /// <param name="policy">The masking policy for the number.</param>
    /// <param name="propertyName">The property that prefixes the message, or <see langword="null"/>.</param>
    /// <returns>The message.</returns>
    internal static string Message(PhoneNumberError error, PhoneNumber? number, bool invalidLength, PhoneMaskingPolicy policy, string? propertyName)
    {
        var masked = number is null ? PhoneNumberMasker.FullMask(policy) : PhoneNumberMasker.Mask(number, policy);
        var region = number is null ? null : PhoneNumberRules.RegionOf(number);
        var reason = error switch
        {
            PhoneNumberError.Empty => "the phone number is empty.",
            PhoneNumberError.TooShort when region is not null => $"the phone number {masked} is too short for its country ({region}).",
            PhoneNumberError.TooShort => $"the phone number {masked} is too short to be a phone number.",
            PhoneNumberError.TooLong when region is not null => $"the phone number {masked} is too long for its country ({region}).",
            PhoneNumberError.TooLong => $"the phone number {masked} is too long to be a phone number.",
            PhoneNumberError.InvalidCountryCode => $"the phone number {masked} has a country calling code that does not exist, or the region given to read it is not a known ISO 3166-1 alpha-2 code.",
            PhoneNumberError.InvalidForRegion when invalidLength => $"the phone number {masked} has a number of digits that no phone number of its country ({region}) has.",
            PhoneNumberError.InvalidForRegion => $"the phone number {masked} is not a valid number in its country ({region}).",
            PhoneNumberError.MissingRegion => $"the phone number {masked} is written without a country code and no region is known to read it: write it in international form (+ and the country code), pass a region, or set PhoneNumberOptions.DefaultRegion.",
            _ => $"the value {masked} is not a phone number: only digits, spaces, '+', '-', '.', '/' and parentheses are accepted (no letters, no extensions), at most {PhoneNumberRules.MaxLength} characters.",
        };

        return propertyName is null
            ? string.Concat("T", reason.AsSpan(1))
            : $"{propertyName}: {reason}";
    }

    private static PhoneNumberError TryNormalize(
        string? value, string? region, bool acceptPossible, out string? e164, out PhoneNumber? number, out bool invalidLength)
    {
        e164 = null;
        invalidLength = false;
        var error = PhoneNumberRules.TryParse(value, region, out number);
        if (error != PhoneNumberError.None)
        {
            return error;
        }

        error = PhoneNumberRules.Check(number!, acceptPossible, out invalidLength);
        if (error != PhoneNumberError.None)
        {
            return error;
        }

        var formatted = PhoneNumberRules.Util.Format(number!, PhoneNumberFormat.E164);
        e164 = string.Equals(formatted, value, StringComparison.Ordinal) ? value : formatted;
        return PhoneNumberError.None;
    }
}
