// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using Xunit;

namespace DataGuard.Tests.PhoneNumbers;

public sealed class PhoneNumberNormalizerTests
{
    public static TheoryData<string, string?, string> WrittenForms => new()
    {
        // India
        { "+91 98765 43210", null, "+919876543210" },
        { "+919876543210", null, "+919876543210" },
        { "098765 43210", "IN", "+919876543210" },
        { "98765-43210", "IN", "+919876543210" },
        { "0091 98765 43210", "IN", "+919876543210" },
        { "+91-98765-43210", null, "+919876543210" },
        { "+91.98765.43210", null, "+919876543210" },
        { "(+91) 98765 43210", null, "+919876543210" },
        { "+9109876543210", null, "+919876543210" },
        { "\u0669\u0668\u0667\u0666\u0665 \u0664\u0663\u0662\u0661\u0660", "IN", "+919876543210" },
        { "\uFF0B91 98765 43210", null, "+919876543210" },
        { "074104 10123", "IN", "+917410410123" },

        // Pakistan
        { "0301 2345678", "PK", "+923012345678" },
        { "+92 301 2345678", null, "+923012345678" },
        { "0092 301 2345678", "PK", "+923012345678" },
        { "+92-301-2345678", null, "+923012345678" },
        { "(021) 23456789", "PK", "+922123456789" },

        // Uzbekistan
        { "+998 91 234 56 78", null, "+998912345678" },
        { "91 234 56 78", "UZ", "+998912345678" },
        { "(91) 234-56-78", "UZ", "+998912345678" },
        { "00998 91 234 56 78", "UZ", "+998912345678" },
        { "66 905 01 23", "UZ", "+998669050123" },

        // United States
        { "(201) 555-0123", "US", "+12015550123" },
        { "201.555.0123", "US", "+12015550123" },
        { "1 201 555 0123", "US", "+12015550123" },
        { "011 1 201 555 0123", "US", "+12015550123" },
        { "00 1 201 555 0123", "GB", "+12015550123" },
        { "+1 201-555-0123", null, "+12015550123" },

        // United Kingdom
        { "+44 20 7946 0958", null, "+442079460958" },
        { "020 7946 0958", "GB", "+442079460958" },
        { "(020) 7946 0958", "GB", "+442079460958" },
        { "0044 20 7946 0958", "DE", "+442079460958" },
        { "+44 (0)20 7946 0958", null, "+442079460958" },
        { "07400 123456", "GB", "+447400123456" },

        // Canada
        { "(506) 234-5678", "CA", "+15062345678" },
        { "1-506-234-5678", "CA", "+15062345678" },
        { "+1 506 234 5678", null, "+15062345678" },
        { "(416) 555-0199", "CA", "+14165550199" },

        // Germany
        { "030 123456", "DE", "+4930123456" },
        { "+49 30 123456", null, "+4930123456" },
        { "0049 30 123456", "DE", "+4930123456" },
        { "030/123456", "DE", "+4930123456" },
        { "+49 (0)30 123456", null, "+4930123456" },
        { "01512 3456789", "DE", "+4915123456789" },

        // Kenya
        { "0712 123456", "KE", "+254712123456" },
        { "+254 712 123456", null, "+254712123456" },
        { "000 254 712 123456", "KE", "+254712123456" },
        { "0712-123-456", "KE", "+254712123456" },
        { "020 2012345", "KE", "+254202012345" },
    };

    public static TheoryData<string, string?, PhoneNumberError> Refused => new()
    {
        { string.Empty, "IN", PhoneNumberError.Empty },
        { "   ", "IN", PhoneNumberError.Empty },
        { "\t\r\n", null, PhoneNumberError.Empty },

        // Letters: libphonenumber reads vanity numbers, DataGuard does not.
        { "1-800-FLOWERS", "US", PhoneNumberError.NotANumber },
        { "call me", "IN", PhoneNumberError.NotANumber },
        { "+91 98765 43210 ext. 12", null, PhoneNumberError.NotANumber },
        { "201 555 0123 #45", "US", PhoneNumberError.NotANumber },
        { "201 555 0123;ext=45", "US", PhoneNumberError.NotANumber },
        { "+91 98765 43210" + new string(' ', 50), null, PhoneNumberError.NotANumber },
        { new string('9', 65), "IN", PhoneNumberError.NotANumber },
        { "+", null, PhoneNumberError.NotANumber },
        { "++91", null, PhoneNumberError.NotANumber },
        { "0", "IN", PhoneNumberError.NotANumber },
        { "---", "IN", PhoneNumberError.NotANumber },

        // Too short: from parsing (TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD) and from the length check (TOO_SHORT, local-only).
        { "+91 1", null, PhoneNumberError.TooShort },
        { "00 1", "IN", PhoneNumberError.TooShort },
        { "+91 98765", null, PhoneNumberError.TooShort },
        { "+1 201 555 012", null, PhoneNumberError.TooShort },
        { "555-0123", "US", PhoneNumberError.TooShort },

        // Too long: from parsing (more than 17 digits) and from the length check.
        { "+1 2015550123456789012", null, PhoneNumberError.TooLong },
        { "+49 1234567890123456", null, PhoneNumberError.TooLong },
        { "0712 123456 7890", "KE", PhoneNumberError.TooLong },

        // Invalid country code: after a plus sign, or an unknown region reading a national number.
        { "+999 1234567", null, PhoneNumberError.InvalidCountryCode },
        { "98765 43210", "XX", PhoneNumberError.InvalidCountryCode },
        { "98765 43210", "India", PhoneNumberError.InvalidCountryCode },

        // Possible length, not valid in the numbering plan; and a length between the shortest and longest that none has.
        { "+91 98765 432109", null, PhoneNumberError.InvalidForRegion },
        { "+9198765432109", null, PhoneNumberError.InvalidForRegion },
        { "+44 20 7946 095", null, PhoneNumberError.InvalidForRegion },
        { "+41 21 234 56 781", null, PhoneNumberError.InvalidForRegion },

        // National form and no region at all.
        { "098765 43210", null, PhoneNumberError.MissingRegion },
        { "0091 98765 43210", null, PhoneNumberError.MissingRegion },
    };

    [Theory]
    [MemberData(nameof(WrittenForms))]
    public void Normalize_WrittenForm_GivesE164(string value, string? region, string expected)
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal(expected, services.Normalizer.Normalize(value, region));
        Assert.True(services.Normalizer.TryNormalize(value, region, out var e164, out var error));
        Assert.Equal(expected, e164);
        Assert.Equal(PhoneNumberError.None, error);
    }

    [Theory]
    [MemberData(nameof(WrittenForms))]
    public void Normalize_E164Output_IsAFixedPoint(string value, string? region, string expected)
    {
        _ = value;
        _ = region;
        using var services = PhoneNumberTestServices.Create();

        Assert.Same(expected, services.Normalizer.Normalize(expected));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryNormalize_RefusedValue_ReportsError(string value, string? region, PhoneNumberError expected)
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.False(services.Normalizer.TryNormalize(value, region, out var e164, out var error));
        Assert.Null(e164);
        Assert.Equal(expected, error);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Normalize_RefusedValue_ThrowsWithErrorAndNoRawDigits(string value, string? region, PhoneNumberError expected)
    {
        using var services = PhoneNumberTestServices.Create();

        var ex = Assert.Throws<DataGuardValidationException>(() => services.Normalizer.Normalize(value, region));

        Assert.Equal(expected, ex.PhoneNumberError);
        Assert.Null(ex.Property);
        AssertNoLeak(value, ex.Message);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Normalize_RefusedValueWithPropertyName_NamesPropertyAndLeaksNothing(string value, string? region, PhoneNumberError expected)
    {
        using var services = PhoneNumberTestServices.Create();

        var ex = Assert.Throws<DataGuardValidationException>(() => services.ConcreteNormalizer.Normalize(value, region, "CallLog.CallerNumber"));

        Assert.Equal(expected, ex.PhoneNumberError);
        Assert.Equal("CallLog.CallerNumber", ex.Property);
        Assert.StartsWith("CallLog.CallerNumber: the ", ex.Message, StringComparison.Ordinal);
        AssertNoLeak(value, ex.Message);
    }

    [Fact]
    public void Refused_CoversEveryErrorKind()
    {
        var kinds = Refused.Select(row => (PhoneNumberError)row[2]).ToHashSet();

        Assert.Equal(Enum.GetValues<PhoneNumberError>().Where(e => e != PhoneNumberError.None).Order(), kinds.Order());
    }

    [Theory]
    [InlineData("+91 98765", null, "The phone number •••••••• is too short for its country (IN).")]
    [InlineData("+91 1", null, "The phone number •••••••• is too short to be a phone number.")]
    [InlineData("+49 1234567890123456", null, "The phone number +49 12•••••••••••456 is too long for its country (DE).")]
    [InlineData("+1 2015550123456789012", null, "The phone number •••••••• is too long to be a phone number.")]
    [InlineData("+91 98765 432109", null, "The phone number +91 98••••••109 is not a valid number in its country (IN).")]
    [InlineData("+41 21 234 56 781", null, "The phone number +41 21•••••781 has a number of digits that no phone number of its country (CH) has.")]
    [InlineData("+999 1234567", null, "The phone number •••••••• has a country calling code that does not exist, or the region given to read it is not a known ISO 3166-1 alpha-2 code.")]
    [InlineData("098765 43210", null, "The phone number •••••••• is written without a country code and no region is known to read it: write it in international form (+ and the country code), pass a region, or set PhoneNumberOptions.DefaultRegion.")]
    [InlineData("1-800-FLOWERS", "US", "The value •••••••• is not a phone number: only digits, spaces, '+', '-', '.', '/' and parentheses are accepted (no letters, no extensions), at most 64 characters.")]
    [InlineData(" ", "US", "The phone number is empty.")]
    public void Normalize_RefusedValue_ExactMessage(string value, string? region, string expected)
    {
        using var services = PhoneNumberTestServices.Create();

        var ex = Assert.Throws<DataGuardValidationException>(() => services.Normalizer.Normalize(value, region));

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Normalize_WithPropertyName_MessageNamesPropertyAndShowsMaskedNumber()
    {
        using var services = PhoneNumberTestServices.Create();

        var ex = Assert.Throws<DataGuardValidationException>(() => services.ConcreteNormalizer.Normalize("+91 98765 432109", null, "CallLog.CallerNumber"));

        Assert.Equal("CallLog.CallerNumber: the phone number +91 98••••••109 is not a valid number in its country (IN).", ex.Message);
        Assert.Equal("CallLog.CallerNumber", ex.Property);
        Assert.Equal(PhoneNumberError.InvalidForRegion, ex.PhoneNumberError);
    }

    [Fact]
    public void Normalize_MessageUsesConfiguredMaskingPolicy()
    {
        using var services = PhoneNumberTestServices.Create(configure: o => o.MaskingPolicy = PhoneMaskingPolicy.Strict);

        var ex = Assert.Throws<DataGuardValidationException>(() => services.Normalizer.Normalize("+91 98765 432109"));

        Assert.Equal("The phone number +•• •••••••••09 is not a valid number in its country (IN).", ex.Message);
    }

    [Fact]
    public void Normalize_ExplicitRegion_WinsOverDefaultRegion()
    {
        using var services = PhoneNumberTestServices.Create("US");

        Assert.Equal("+4930123456", services.Normalizer.Normalize("030 123456", "DE"));
    }

    [Fact]
    public void Normalize_NoExplicitRegion_UsesDefaultRegion()
    {
        using var services = PhoneNumberTestServices.Create("IN");

        Assert.Equal("+919876543210", services.Normalizer.Normalize("098765 43210"));
        Assert.Equal("+919876543210", services.Normalizer.Normalize("0091 98765 43210"));
    }

    [Fact]
    public void Normalize_NoExplicitNorDefaultRegion_NationalNumberIsMissingRegion()
    {
        using var services = PhoneNumberTestServices.Create();

        var ex = Assert.Throws<DataGuardValidationException>(() => services.Normalizer.Normalize("098765 43210"));

        Assert.Equal(PhoneNumberError.MissingRegion, ex.PhoneNumberError);
    }

    [Fact]
    public void Normalize_InternationalNumber_IgnoresEveryRegion()
    {
        using var services = PhoneNumberTestServices.Create("US");

        Assert.Equal("+919876543210", services.Normalizer.Normalize("+91 98765 43210"));
        Assert.Equal("+919876543210", services.Normalizer.Normalize("+91 98765 43210", "DE"));
        Assert.Equal("+919876543210", services.Normalizer.Normalize("+91 98765 43210", "XX"));
    }

    [Fact]
    public void Normalize_SameDigitsDifferentRegions_DifferentNumbers()
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal("+15062345678", services.Normalizer.Normalize("506 234 5678", "CA"));
        Assert.Equal("+12015550123", services.Normalizer.Normalize("201 555 0123", "US"));
        Assert.Equal("+14165550199", services.Normalizer.Normalize("416 555 0199", "US"));
    }

    [Fact]
    public void Normalize_LowerCaseRegion_IsAccepted()
    {
        using var services = PhoneNumberTestServices.Create("in");

        Assert.Equal("+919876543210", services.Normalizer.Normalize("098765 43210"));
        Assert.Equal("+4930123456", services.Normalizer.Normalize("030 123456", "de"));
    }

    [Fact]
    public void Normalize_ValidE164_ReturnsSameInstance()
    {
        using var services = PhoneNumberTestServices.Create();
        var value = string.Concat("+91", "9876543210");

        Assert.Same(value, services.Normalizer.Normalize(value));
    }

    [Fact]
    public void Normalize_PossibleButInvalid_AcceptedOnlyWithAcceptPossibleNumbers()
    {
        using var strict = PhoneNumberTestServices.Create();
        using var lenient = PhoneNumberTestServices.Create(configure: o => o.AcceptPossibleNumbers = true);

        Assert.False(strict.Normalizer.TryNormalize("+91 98765 432109", null, out _, out var error));
        Assert.Equal(PhoneNumberError.InvalidForRegion, error);
        Assert.Equal("+9198765432109", lenient.Normalizer.Normalize("+91 98765 432109"));
        Assert.Equal("+442079460958", lenient.Normalizer.Normalize("+44 20 7946 0958"));
    }

    [Theory]
    [InlineData("+91 98765", PhoneNumberError.TooShort)]
    [InlineData("+49 1234567890123456", PhoneNumberError.TooLong)]
    [InlineData("+41 21 234 56 781", PhoneNumberError.InvalidForRegion)]
    [InlineData("555-0123", PhoneNumberError.TooShort)]
    [InlineData("1-800-FLOWERS", PhoneNumberError.NotANumber)]
    public void Normalize_AcceptPossibleNumbers_StillRefusesImpossibleNumbers(string value, PhoneNumberError expected)
    {
        using var services = PhoneNumberTestServices.Create("US", o => o.AcceptPossibleNumbers = true);

        Assert.False(services.Normalizer.TryNormalize(value, null, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Normalize_SixtyFourCharacters_IsParsed()
    {
        using var services = PhoneNumberTestServices.Create();
        var value = "+91 98765 43210".PadRight(64);

        Assert.Equal("+919876543210", services.Normalizer.Normalize(value));
    }

    [Fact]
    public void TryNormalize_Null_IsEmpty()
    {
        using var services = PhoneNumberTestServices.Create("IN");

        Assert.False(services.Normalizer.TryNormalize(null, null, out var e164, out var error));
        Assert.Null(e164);
        Assert.Equal(PhoneNumberError.Empty, error);
    }

    [Fact]
    public void Normalize_Null_ThrowsArgumentNullException()
    {
        using var services = PhoneNumberTestServices.Create("IN");

        Assert.Throws<ArgumentNullException>("value", () => services.Normalizer.Normalize(null!));
    }

    private static void AssertNoLeak(string value, string message)
    {
        var trimmed = value.Trim();
        if (trimmed.Count(char.IsDigit) >= 2)
        {
            Assert.DoesNotContain(trimmed, message, StringComparison.Ordinal);
        }

        var inputDigits = new string(value.Where(char.IsDigit).ToArray());
        var messageDigits = new string(message.Where(char.IsDigit).ToArray());
        if (inputDigits.Length >= 4)
        {
            Assert.DoesNotContain(inputDigits, messageDigits, StringComparison.Ordinal);
        }
    }
}
