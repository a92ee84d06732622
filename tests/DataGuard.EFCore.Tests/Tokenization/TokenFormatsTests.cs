// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DataGuard.EFCore.Tokenization;
using PhoneNumbers;
using Xunit;

namespace DataGuard.EFCore.Tests.Tokenization;

/// <summary>The shapes of tokens: creation, recognition, and phone-shaped tokens that can never be real numbers.</summary>
public sealed class TokenFormatsTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [Fact]
    public void Opaque_HasPrefixAndBase32Body_AndIsRecognised()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => TokenFormats.Create("+919876543210", TokenFormat.Opaque, 0)).ToList();

        Assert.All(tokens, t =>
        {
            Assert.Matches("^tok_[a-z2-7]{26}$", t);
            Assert.True(TokenFormats.IsToken(t, TokenFormat.Opaque));
            Assert.False(TokenFormats.IsToken(t, TokenFormat.PhoneShaped));
        });
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("tok_")]
    [InlineData("tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ")]
    [InlineData("tok_abcdefghijklmnopqrstuvwxy")]
    [InlineData("tok_abcdefghijklmnopqrstuvwxyz0")]
    [InlineData("TOK_abcdefghijklmnopqrstuvwxyz")]
    [InlineData("+919876543210")]
    [InlineData("")]
    public void IsToken_Opaque_RejectsOtherShapes(string value) => Assert.False(TokenFormats.IsToken(value, TokenFormat.Opaque));

    [Theory]
    [InlineData("+919876543210")]
    [InlineData("+123456789012345678")]
    [InlineData("+0123456789012345678")]
    [InlineData("+1234567890123456789012")]
    [InlineData("12345678901234567890")]
    [InlineData("+1234567890123456a89")]
    public void IsToken_PhoneShaped_RejectsOtherShapes(string value) => Assert.False(TokenFormats.IsToken(value, TokenFormat.PhoneShaped));

    [Fact]
    public void IsToken_UnknownFormat_IsFalse() => Assert.False(TokenFormats.IsToken("tok_abcdefghijklmnopqrstuvwxyz", (TokenFormat)9));

    [Fact]
    public void PhoneShaped_EveryCallingCode_KeepsCodeAndLastTwoDigits_AndIsNeverAPossibleNumber()
    {
        var checkedCodes = 0;
        foreach (var code in Util.GetSupportedCallingCodes())
        {
            var region = Util.GetRegionCodeForCountryCode(code);
            var example = region == "001" ? Util.GetExampleNumberForNonGeoEntity(code) : Util.GetExampleNumber(region);
            if (example is null)
            {
                continue;
            }

            var e164 = Util.Format(example, PhoneNumberFormat.E164);
            for (var i = 0; i < 200; i++)
            {
                var token = TokenFormats.Create(e164, TokenFormat.PhoneShaped, TokenFormats.Prepare(e164, TokenFormat.PhoneShaped));

                Assert.True(TokenFormats.IsToken(token, TokenFormat.PhoneShaped), token);
                Assert.StartsWith("+" + code, token, StringComparison.Ordinal);
                Assert.EndsWith(e164[^2..], token, StringComparison.Ordinal);
                Assert.Equal(1 + code.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + TokenFormats.PhoneShapedNationalDigits, token.Length);
                Assert.True(token.Length - 1 > 15, "More digits than E.164 allows.");
                Assert.NotEqual('0', token[1 + code.ToString(System.Globalization.CultureInfo.InvariantCulture).Length]);
                Assert.False(IsPossibleOrValid(token), $"{token} (calling code {code}) is accepted by libphonenumber.");
            }

            checkedCodes++;
        }

        Assert.True(checkedCodes > 200, $"Only {checkedCodes} calling codes were checked.");
    }

    [Theory]
    [InlineData("9876543210")]
    [InlineData("+91 98765 43210")]
    [InlineData("+91")]
    [InlineData("+1234567890123456")]
    [InlineData("tok_abcdefghijklmnopqrstuvwxyz")]
    public void Prepare_PhoneShapedForNonE164_ThrowsValidationNamingProperty(string value)
    {
        var ex = Assert.Throws<DataGuardValidationException>(() => TokenFormats.Prepare(value, TokenFormat.PhoneShaped, "Call.Number"));

        Assert.Contains("Call.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("E.164", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Call.Number", ex.Property);
        Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_PhoneShapedForUnknownCallingCode_Throws()
    {
        var ex = Assert.Throws<DataGuardValidationException>(() => TokenFormats.Prepare("+999123456789", TokenFormat.PhoneShaped));

        Assert.Equal(PhoneNumberError.InvalidCountryCode, ex.PhoneNumberError);
    }

    [Fact]
    public void Prepare_Opaque_AcceptsAnyValue() => Assert.Equal(0, TokenFormats.Prepare("anything at all", TokenFormat.Opaque));

    [Fact]
    public void Compose_TenantAndValue_IsUnambiguous()
    {
        Assert.NotEqual(TokenVaultStore.Compose("b:c", "a"), TokenVaultStore.Compose("c", "a:b"));
        Assert.NotEqual(TokenVaultStore.Compose("x", null), TokenVaultStore.Compose("x", string.Empty));
        Assert.NotEqual(TokenVaultStore.Compose("x", "t1"), TokenVaultStore.Compose("x", "t2"));
        Assert.NotEqual(TokenVaultStore.Compose("g:x", null), TokenVaultStore.Compose("x", "g"));
    }

    private static bool IsPossibleOrValid(string token)
    {
        PhoneNumber number;
        try
        {
            number = Util.Parse(token, null);
        }
        catch (NumberParseException)
        {
            return false;
        }

        return Util.IsPossibleNumber(number) || Util.IsValidNumber(number);
    }
}
