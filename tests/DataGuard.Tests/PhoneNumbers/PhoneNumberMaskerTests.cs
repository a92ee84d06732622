// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Text;
using PhoneNumbers;
using Snapshooter.Xunit;
using Xunit;

namespace DataGuard.Tests.PhoneNumbers;

public sealed class PhoneNumberMaskerTests
{
    private const string FullMask = "••••••••";

    private static readonly (string Value, string? Region)[] SnapshotInputs =
    [
        ("+919876543210", "IN"), ("074104 10123", "IN"), ("1800 12 3456", "IN"),
        ("+923012345678", "PK"), ("(021) 23456789", "PK"), ("0800 12345", "PK"),
        ("+998912345678", "UZ"), ("66 905 01 23", "UZ"), ("(91) 234-56-78", "UZ"),
        ("+12015550123", "US"), ("(800) 234-5678", "US"), ("212.555.1234", "US"),
        ("+442079460958", "GB"), ("07400 123456", "GB"), ("0121 234 5678", "GB"),
        ("+15062345678", "CA"), ("(416) 555-0199", "CA"), ("1-800-212-3456", "CA"),
        ("+4930123456", "DE"), ("01512 3456789", "DE"), ("0800 1234567890", "DE"),
        ("+254712123456", "KE"), ("020 2012345", "KE"), ("0800 223 456", "KE"),
        ("+800 1234 5678", null), ("+91 98765 432109", null), ("+49 1234567890123456", null),
        (string.Empty, null), ("   ", null),
        ("1-800-FLOWERS", "US"), ("call me maybe", "IN"), ("+91 98765 43210 ext. 12", null), ("12", "IN"), ("+91 98765", null),
        ("+999 1234567", null), ("098765 43210", null), ("98765 43210", "XX"), (new string('9', 65), "IN"), ("+", null),
    ];

    [Fact]
    public void Mask_DefaultPolicy_IndianMobile()
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal("+91 98\u2022\u2022\u2022 \u2022\u2022210", services.Masker.Mask("+919876543210"));
    }

    [Fact]
    public void Mask_StrictPolicy_KeepsLastTwoDigitsOnly()
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal("+•• ••••• •••10", services.Masker.Mask("+919876543210", PhoneMaskingPolicy.Strict));
    }

    [Fact]
    public void Mask_WithoutNationalGrouping_DigitsAsOneRunAfterCountryCode()
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal("+91 98•••••210", services.Masker.Mask("+919876543210", PhoneMaskingPolicy.Default with { KeepNationalGrouping = false }));
        Assert.Equal("+1 20•••••123", services.Masker.Mask("+12015550123", PhoneMaskingPolicy.Default with { KeepNationalGrouping = false }));
    }

    [Fact]
    public void Mask_GroupingOfInternationalFormat_KeepsDashes()
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal("+1 20•-•••-•123", services.Masker.Mask("+12015550123"));
    }

    [Fact]
    public void Mask_OtherMaskCharacter_IsUsed()
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal("+91 98*** **210", services.Masker.Mask("+919876543210", PhoneMaskingPolicy.Default with { MaskCharacter = '*' }));
        Assert.Equal("********", services.Masker.Mask("garbage", PhoneMaskingPolicy.Default with { MaskCharacter = '*' }));
    }

    [Fact]
    public void Mask_NoPolicy_UsesConfiguredPolicy()
    {
        using var services = PhoneNumberTestServices.Create(configure: o => o.MaskingPolicy = PhoneMaskingPolicy.Strict);

        Assert.Equal("+•• ••••• •••10", services.Masker.Mask("+919876543210"));
        Assert.Equal("+91 98••• ••210", services.Masker.Mask("+919876543210", PhoneMaskingPolicy.Default));
    }

    [Fact]
    public void Mask_NationalInput_ReadWithDefaultRegion()
    {
        using var withRegion = PhoneNumberTestServices.Create("IN");
        using var withoutRegion = PhoneNumberTestServices.Create();

        Assert.Equal("+91 98••• ••210", withRegion.Masker.Mask("098765 43210"));
        Assert.Equal(FullMask, withoutRegion.Masker.Mask("098765 43210"));
    }

    [Fact]
    public void Mask_Null_IsNull()
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Null(services.Masker.Mask(null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Mask_EmptyOrWhiteSpace_IsEmpty(string value)
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal(string.Empty, services.Masker.Mask(value));
    }

    [Theory]
    [InlineData("1-800-FLOWERS")]
    [InlineData("+91 98765 43210 ext. 12")]
    [InlineData("201 555 0123 #45")]
    [InlineData("12")]
    [InlineData("+91 98765")]
    [InlineData("+91 1")]
    [InlineData("+999 1234567")]
    [InlineData("+")]
    [InlineData("x")]
    [InlineData("9876543210 is my number")]
    [InlineData("+1 2015550123456789012")]
    [InlineData("99999999999999999999999999999999999999999999999999999999999999999")]
    public void Mask_Unparseable_FullyMaskedWithFixedLength(string value)
    {
        using var services = PhoneNumberTestServices.Create("IN");

        Assert.Equal(FullMask, services.Masker.Mask(value));
        Assert.Equal(FullMask, services.Masker.Mask(value, PhoneMaskingPolicy.Strict));
    }

    [Theory]
    [InlineData("+4930123456", "+49 3• •••456")]
    [InlineData("+9280012345", "+92 8•• ••3 45")]
    [InlineData("+254800223456", "+254 8•• ••• 456")]
    public void Mask_ShortNumber_ShowsAtMostHalfOfNationalDigits(string value, string expected)
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal(expected, services.Masker.Mask(value));
    }

    [Fact]
    public void Mask_GreedyPolicy_TrailingDigitsWinUpToHalf()
    {
        using var services = PhoneNumberTestServices.Create();
        var greedy = new PhoneMaskingPolicy { KeepFirstDigits = 10, KeepLastDigits = 10 };

        Assert.Equal("+91 ••••• 43210", services.Masker.Mask("+919876543210", greedy));
        Assert.Equal("+91 987•• •••10", services.Masker.Mask("+919876543210", new PhoneMaskingPolicy { KeepFirstDigits = 10, KeepLastDigits = 2 }));
    }

    [Fact]
    public void Mask_NegativeCounts_ShowNoNationalDigits()
    {
        using var services = PhoneNumberTestServices.Create();

        Assert.Equal("+91 ••••• •••••", services.Masker.Mask("+919876543210", new PhoneMaskingPolicy { KeepFirstDigits = -1, KeepLastDigits = -5 }));
    }

    [Fact]
    public void Mask_EveryParseableSnapshotInput_ShowsAtMostHalfOfNationalDigits()
    {
        using var services = PhoneNumberTestServices.Create();
        var policies = new[]
        {
            PhoneMaskingPolicy.Default,
            PhoneMaskingPolicy.Strict,
            new PhoneMaskingPolicy { KeepFirstDigits = 20, KeepLastDigits = 20 },
        };

        foreach (var (value, region) in SnapshotInputs)
        {
            if (!services.Normalizer.TryNormalize(value, region, out var e164, out _))
            {
                continue;
            }

            var nationalLength = e164.Length - 1 - CountryCodeLength(e164);
            foreach (var policy in policies)
            {
                var masked = services.Masker.Mask(e164, policy)!;
                var visibleNational = masked.Split(' ', 2)[1].Count(char.IsAsciiDigit);
                Assert.True(visibleNational <= nationalLength / 2, $"{masked} shows {visibleNational} of {nationalLength} national digits");
            }
        }
    }

    [Fact]
    public void Mask_Table_MatchesSnapshot()
    {
        var table = new StringBuilder();
        table.AppendLine("input | region | default | strict | no grouping | '*' mask");
        foreach (var (value, region) in SnapshotInputs)
        {
            using var services = PhoneNumberTestServices.Create(region is "XX" ? null : region);
            var masker = services.Masker;
            table.Append(Cell(value.Length > 20 ? value[..17] + "..." : value)).Append(" | ")
                .Append(region ?? "-").Append(" | ")
                .Append(Cell(masker.Mask(value))).Append(" | ")
                .Append(Cell(masker.Mask(value, PhoneMaskingPolicy.Strict))).Append(" | ")
                .Append(Cell(masker.Mask(value, PhoneMaskingPolicy.Default with { KeepNationalGrouping = false }))).Append(" | ")
                .Append(Cell(masker.Mask(value, PhoneMaskingPolicy.Default with { MaskCharacter = '*' })))
                .AppendLine();
        }

        Snapshot.Match(table.ToString());
    }

    [Fact]
    public void Mask_ParseableNumber_NeverReturnsInputOrAllItsDigits()
    {
        foreach (var (value, region) in SnapshotInputs)
        {
            if (value.Trim().Length == 0)
            {
                continue;
            }

            using var regional = PhoneNumberTestServices.Create(region is "XX" ? null : region);
            var masked = regional.Masker.Mask(value)!;
            var inputDigits = new string(value.Where(char.IsDigit).ToArray());
            Assert.NotEqual(value, masked);
            if (inputDigits.Length > 0)
            {
                Assert.DoesNotContain(inputDigits, new string(masked.Where(char.IsDigit).ToArray()), StringComparison.Ordinal);
            }
        }
    }

    private static string Cell(string? value) => value is null ? "null" : value.Trim().Length == 0 ? $"\"{value}\"" : value;

    private static int CountryCodeLength(string e164)
    {
        for (var length = 1; length <= 3; length++)
        {
            if (PhoneNumberUtil.GetInstance().GetRegionCodeForCountryCode(int.Parse(e164.AsSpan(1, length), System.Globalization.CultureInfo.InvariantCulture)) != "ZZ")
            {
                return length;
            }
        }

        throw new InvalidOperationException("No country code.");
    }
}
