// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using PhoneNumbers;

namespace DataGuard.PhoneNumbers;

/// <summary>
/// What DataGuard accepts as phone-number input, shared by the normaliser, the masker and the blind-index normaliser, and the
/// mapping of libphonenumber's outcomes to <see cref="PhoneNumberError"/>.
/// </summary>
/// <remarks>
/// Input is screened before libphonenumber sees it: at most <see cref="MaxLength"/> characters, and only digits, white space,
/// plus signs, dashes, dots, slashes and parentheses. libphonenumber would also read vanity letters (<c>1-800-FLOWERS</c>) and
/// extensions (<c>ext. 45</c>, <c>#45</c>); DataGuard refuses both, so that a stored E.164 value always holds every digit that
/// was given. Nothing is cached: every call parses anew and keeps no personal data after it returns.
/// </remarks>
internal static class PhoneNumberRules
{
    /// <summary>The longest input that is parsed; longer input is refused without parsing.</summary>
    public const int MaxLength = 64;

    /// <summary>The region libphonenumber uses for "unknown" (numbers in international form need no region).</summary>
    private const string UnknownRegion = "ZZ";

    public static PhoneNumberUtil Util { get; } = PhoneNumberUtil.GetInstance();

    public static bool IsSupportedRegion(string region)
        => region.Length == 2 && Util.GetSupportedRegions().Contains(NormalizeRegion(region));

    public static string NormalizeRegion(string region)
    {
        foreach (var c in region)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return region.ToUpperInvariant();
            }
        }

        return region;
    }

    /// <summary>Screens and parses a value; neither its possibility nor its validity is checked.</summary>
    /// <param name="value">The value as written.</param>
    /// <param name="region">The region that reads a national number, or <see langword="null"/>.</param>
    /// <param name="number">The parsed number when the result is <see cref="PhoneNumberError.None"/>.</param>
    /// <returns><see cref="PhoneNumberError.None"/> or why the value cannot be parsed.</returns>
    public static PhoneNumberError TryParse(string? value, string? region, out PhoneNumber? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return PhoneNumberError.Empty;
        }

        if (value.Length > MaxLength)
        {
            return PhoneNumberError.NotANumber;
        }

        bool international;
        if (IsE164Shape(value))
        {
            // Fast path: "+" and digits only, the form DataGuard stores; no screening and no region needed.
            international = true;
        }
        else if (!Screen(value, out international))
        {
            return PhoneNumberError.NotANumber;
        }

        string parseRegion;
        if (region is null)
        {
            if (!international)
            {
                return PhoneNumberError.MissingRegion;
            }

            parseRegion = UnknownRegion;
        }
        else
        {
            parseRegion = NormalizeRegion(region);
        }

        PhoneNumber parsed;
        try
        {
            parsed = Util.Parse(value, parseRegion);
        }
        catch (NumberParseException e)
        {
            return Map(e.ErrorType);
        }

        if (parsed.HasExtension)
        {
            // Screening refuses every extension marker; this guards against a libphonenumber pattern it does not know.
            return PhoneNumberError.NotANumber;
        }

        number = parsed;
        return PhoneNumberError.None;
    }

    /// <summary>Checks a parsed number's length and, unless <paramref name="acceptPossible"/>, its validity.</summary>
    /// <param name="number">The parsed number.</param>
    /// <param name="acceptPossible">Whether a possible number is enough.</param>
    /// <param name="invalidLength">Whether the length lies between the shortest and the longest of its country but is none of them.</param>
    /// <returns><see cref="PhoneNumberError.None"/> or why the number is refused.</returns>
    public static PhoneNumberError Check(PhoneNumber number, bool acceptPossible, out bool invalidLength)
    {
        invalidLength = false;
        switch (Util.IsPossibleNumberWithReason(number))
        {
            case PhoneNumberUtil.ValidationResult.IS_POSSIBLE:
                break;
            case PhoneNumberUtil.ValidationResult.TOO_LONG:
                return PhoneNumberError.TooLong;
            case PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE:
                return PhoneNumberError.InvalidCountryCode;
            case PhoneNumberUtil.ValidationResult.INVALID_LENGTH:
                invalidLength = true;
                return PhoneNumberError.InvalidForRegion;
            default:
                // TOO_SHORT, and IS_POSSIBLE_LOCAL_ONLY: a local number without its area code cannot be written in E.164.
                return PhoneNumberError.TooShort;
        }

        return acceptPossible || Util.IsValidNumber(number) ? PhoneNumberError.None : PhoneNumberError.InvalidForRegion;
    }

    /// <summary>Gets whether a parsed number may be shown partly masked: its country code exists and it is not too short.</summary>
    /// <param name="number">The parsed number.</param>
    /// <returns><see langword="true"/> when the number may be shown partly masked.</returns>
    public static bool IsMaskable(PhoneNumber number)
        => Util.IsPossibleNumberWithReason(number) is PhoneNumberUtil.ValidationResult.IS_POSSIBLE
            or PhoneNumberUtil.ValidationResult.TOO_LONG
            or PhoneNumberUtil.ValidationResult.INVALID_LENGTH;

    /// <summary>Gets the region of a number for messages (<c>IN</c>, <c>US</c>, <c>001</c> for non-geographic numbers).</summary>
    /// <param name="number">The parsed number.</param>
    /// <returns>The region code.</returns>
    public static string RegionOf(PhoneNumber number)
        => Util.GetRegionCodeForNumber(number) ?? Util.GetRegionCodeForCountryCode(number.CountryCode);

    public static PhoneNumberError Map(ErrorType error) => error switch
    {
        ErrorType.INVALID_COUNTRY_CODE => PhoneNumberError.InvalidCountryCode,
        ErrorType.TOO_SHORT_AFTER_IDD or ErrorType.TOO_SHORT_NSN => PhoneNumberError.TooShort,
        ErrorType.TOO_LONG => PhoneNumberError.TooLong,
        _ => PhoneNumberError.NotANumber,
    };

    /// <summary>Gets whether a value is <c>+</c> followed by ASCII digits only.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> for <c>+919876543210</c>.</returns>
    public static bool IsE164Shape(string value)
    {
        if (value.Length < 2 || value[0] != '+')
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Screen(string value, out bool international)
    {
        international = false;
        var first = true;
        foreach (var c in value)
        {
            if (!IsAllowed(c))
            {
                return false;
            }

            // International form: the first character that is not white space or an opening parenthesis is a plus sign ("(+91) ...").
            if (first && !char.IsWhiteSpace(c) && c != '(')
            {
                international = c is '+' or '\uFF0B';
                first = false;
            }
        }

        return true;
    }

    private static bool IsAllowed(char c)
        => char.IsDigit(c) || char.IsWhiteSpace(c) || c is '+' or '\uFF0B' or '(' or ')' or '.' or '/' or '-'
            or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' or '\uFF0D';
}
