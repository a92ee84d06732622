// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using Xunit;

namespace DataGuard.Tests.PhoneNumbers;

public sealed class PhoneNumberBlindIndexNormalizerTests
{
    [Fact]
    public void Name_IsPhone()
    {
        using var services = PhoneNumberTestServices.Create("IN");

        Assert.Equal("phone", services.BlindIndexNormalizer.Name);
    }

    [Theory]
    [InlineData("IN", "+919876543210", "+91 98765 43210", "098765 43210", "0091 98765 43210", "98765-43210", "(+91) 98765.43210")]
    [InlineData("US", "+12015550123", "(201) 555-0123", "201.555.0123", "1 201 555 0123", "011 1 201 555 0123", "+1 201-555-0123")]
    [InlineData("GB", "+442079460958", "+44 20 7946 0958", "020 7946 0958", "(020) 7946 0958", "+44 (0)20 7946 0958", "00 44 20 7946 0958")]
    [InlineData("DE", "+4930123456", "030 123456", "+49 30 123456", "0049 30 123456", "030/123456", "+49 (0)30 123456")]
    [InlineData("KE", "+254712123456", "0712 123456", "+254 712 123456", "000 254 712 123456", "0712-123-456", "+254712123456")]
    public void Normalize_EveryWrittenForm_SameValue(string region, string expected, params string[] forms)
    {
        using var services = PhoneNumberTestServices.Create(region);
        var normalizer = services.BlindIndexNormalizer;

        Assert.All(forms, form => Assert.Equal(expected, normalizer.Normalize(form)));
        Assert.Equal(expected, normalizer.Normalize(expected));
    }

    [Fact]
    public void Normalize_AgreesWithPhoneNumberNormalizer()
    {
        using var services = PhoneNumberTestServices.Create("PK");

        foreach (var form in new[] { "0301 2345678", "+92 301 2345678", "0092 301 2345678", "(021) 23456789" })
        {
            Assert.Equal(services.Normalizer.Normalize(form), services.BlindIndexNormalizer.Normalize(form));
        }
    }

    [Fact]
    public void Normalize_ParseableButInvalid_GivesE164NotInvalidForm()
    {
        // Validity depends on the metadata version; an index must not change when libphonenumber is updated.
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal("+9198765432109", services.BlindIndexNormalizer.Normalize("+91 98765 432109"));
    }

    [Theory]
    [InlineData("1-800-FLOWERS", "invalid:1800")]
    [InlineData("call me", "invalid:")]
    [InlineData("+91 98765 43210 ext. 12", "invalid:+91987654321012")]
    [InlineData("+999 1234567", "invalid:+9991234567")]
    [InlineData("", "invalid:")]
    public void Normalize_Unparseable_InvalidPrefixAndDigits(string value, string expected)
    {
        using var services = PhoneNumberTestServices.Create("US");

        Assert.Equal(expected, services.BlindIndexNormalizer.Normalize(value));
    }

    [Fact]
    public void Normalize_NationalNumberWithoutDefaultRegion_InvalidFormNotThrow()
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal("invalid:09876543210", services.BlindIndexNormalizer.Normalize("098765 43210"));
    }

    [Fact]
    public void Normalize_InvalidForm_NeverEqualsAnyE164()
    {
        using var services = PhoneNumberTestServices.Create("IN");
        var garbage = new[] { "+91 98765 43210 x", "+919876543210a", "9876543210!" }
            .Select(services.BlindIndexNormalizer.Normalize)
            .ToList();

        Assert.All(garbage, g => Assert.StartsWith("invalid:", g, StringComparison.Ordinal));
        Assert.DoesNotContain("+919876543210", garbage);
    }

    [Fact]
    public void Normalize_Null_Throws()
    {
        using var services = PhoneNumberTestServices.Create("IN");

        Assert.Throws<ArgumentNullException>("value", () => services.BlindIndexNormalizer.Normalize(null!));
    }
}
