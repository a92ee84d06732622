// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DataGuard.Redaction;
using Xunit;

namespace DataGuard.Tests.Redaction;

public sealed class TextRedactorTests
{
    private const string Bullet = "\u2022";

    public static TheoryData<string, string> PositiveSentences()
    {
        var data = new TheoryData<string, string>();
        foreach (var (region, text) in PhoneNumberCorpus.Positives)
        {
            data.Add(region, text);
        }

        return data;
    }

    public static TheoryData<string, string> DecoySentences()
    {
        var data = new TheoryData<string, string>();
        foreach (var decoy in PhoneNumberCorpus.Decoys)
        {
            foreach (var region in PhoneNumberCorpus.Regions)
            {
                data.Add(region, decoy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PositiveSentences))]
    public void Redact_EachFormatPerRegion_MasksExactlyTheLabelledSpans(string region, string marked)
    {
        var text = PhoneNumberCorpus.Unmark(marked, out var spans);
        var expected = new StringBuilder();
        var read = 0;
        foreach (var (start, end) in spans)
        {
            expected.Append(text, read, start - read).Append(RedactionHarness.ExpectedMask(text[start..end], region));
            read = end;
        }

        expected.Append(text, read, text.Length - read);

        Assert.Equal(expected.ToString(), RedactionHarness.Create().Redact(text, region));
    }

    [Theory]
    [MemberData(nameof(DecoySentences))]
    public void Redact_Decoy_ReturnsSameInstance(string region, string decoy)
        => Assert.Same(decoy, RedactionHarness.Create().Redact(decoy, region));

    [Fact]
    public void Redact_IndianMobile_UsesMaskerFormat()
        => Assert.Equal("Call +91 98\u2022\u2022\u2022 \u2022\u2022210 now", RedactionHarness.Create().Redact("Call 098765 43210 now", "IN"));

    [Fact]
    public void Redact_NoRegion_UsesDefaultRegion()
        => Assert.Equal("Call +91 98\u2022\u2022\u2022 \u2022\u2022210", RedactionHarness.Create("IN").Redact("Call 98765 43210"));

    [Fact]
    public void Redact_NoRegionAnywhere_MasksOnlyInternationalNumbers()
    {
        var redactor = RedactionHarness.Create();
        Assert.Equal("a +91 98\u2022\u2022\u2022 \u2022\u2022210 b 98765 43210", redactor.Redact("a +91 98765 43210 b 98765 43210"));
    }

    [Fact]
    public void Redact_ExplicitRegion_OverridesDefault()
    {
        var redactor = RedactionHarness.Create("IN");
        Assert.Equal("Call " + RedactionHarness.ExpectedMask("(201) 555-0123", "US"), redactor.Redact("Call (201) 555-0123", "us"));
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("")]
    [InlineData("India")]
    public void Redact_UnknownRegion_Throws(string region)
        => Assert.Throws<ArgumentException>(nameof(region), () => RedactionHarness.Create().Redact("98765 43210", region));

    [Fact]
    public void Redact_Null_ReturnsNull() => Assert.Null(RedactionHarness.Create("IN").Redact(null));

    [Theory]
    [InlineData("")]
    [InlineData("Customer asked about the refund status.")]
    [InlineData("Order 2024 shipped on 12/05/2024 at 10:30.")]
    [InlineData("Mail me at support (at) example.com or @handle.")]
    public void Redact_NoPersonalData_ReturnsSameInstance(string text)
        => Assert.Same(text, RedactionHarness.Create("IN").Redact(text));

    [Theory]
    [InlineData("Mail ravi.kumar@example.com today", "Mail r\u2022\u2022\u2022@example.com today")]
    [InlineData("<a@b.co>", "<a\u2022\u2022\u2022@b.co>")]
    [InlineData("Write to John.Doe+tag@mail.example.co.uk.", "Write to J\u2022\u2022\u2022@mail.example.co.uk.")]
    [InlineData("x 9876543210@example.com y", "x 9\u2022\u2022\u2022@example.com y")]
    [InlineData("two: a@x.org, b@y.net", "two: a\u2022\u2022\u2022@x.org, b\u2022\u2022\u2022@y.net")]
    [InlineData("a@b@c.com", "a@b\u2022\u2022\u2022@c.com")]
    public void Redact_Email_KeepsFirstCharacterAndDomain(string text, string expected)
        => Assert.Equal(expected, RedactionHarness.Create("IN").Redact(text));

    [Theory]
    [InlineData("user@localhost")]
    [InlineData("user@example.c")]
    [InlineData("user@example.123")]
    [InlineData("@example.com")]
    [InlineData("user.@example.com")]
    [InlineData("user@.example.com")]
    [InlineData("user@example..com")]
    [InlineData("user@-example.com")]
    [InlineData("user@")]
    public void Redact_NotAnEmail_ReturnsSameInstance(string text)
        => Assert.Same(text, RedactionHarness.Create("IN").Redact(text));

    [Theory]
    [InlineData("Card 4111 1111 1111 1111 charged", "Card \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 1111 charged")]
    [InlineData("Card 4111-1111-1111-1111.", "Card \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 1111.")]
    [InlineData("5500005555555559", "\u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 5559")]
    [InlineData("Amex 3782 822463 10005 ok", "Amex \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 0005 ok")]
    [InlineData("19 digits 6011000990139424000 x", "19 digits 6011000990139424000 x")]
    public void Redact_CardPassingLuhn_KeepsLastFour(string text, string expected)
    {
        if (text == expected)
        {
            Assert.False(PaymentCard.PassesLuhn(text), "the 19-digit sample must fail Luhn");
        }

        Assert.Equal(expected, RedactionHarness.Create("IN").Redact(text));
    }

    [Theory]
    [InlineData("Card 4111 1111 1111 1112 declined")]
    [InlineData("Card 4111-1111-1111-1112 declined")]
    [InlineData("1234567812345678")]
    [InlineData("Amex 3782 822463 10006")]
    public void Redact_CardFailingLuhn_ReturnsSameInstance(string text)
    {
        Assert.False(PaymentCard.PassesLuhn(text));
        Assert.Same(text, RedactionHarness.Create("IN").Redact(text));
    }

    [Fact]
    public void Redact_CardInsideLongerDigitRun_IsNotMaskedInPart()
    {
        var text = "ref 41111111111111110000";
        Assert.Same(text, RedactionHarness.Create("IN").Redact(text));
    }

    [Fact]
    public void Redact_PhoneInsideLongerDigitRun_IsNotMaskedInPart()
    {
        var text = "ids 98765432109876543210 and 1239876543210123 and x9876543210 and 9876543210x";
        Assert.Same(text, RedactionHarness.Create("IN").Redact(text));
    }

    [Fact]
    public void Redact_MixedPersonalData_MasksEachKind()
    {
        var text = "Ravi (+91 98765 43210, ravi@example.in) paid with 4111 1111 1111 1111 on 2024-05-12.";
        Assert.Equal(
            "Ravi (+91 98\u2022\u2022\u2022 \u2022\u2022210, r\u2022\u2022\u2022@example.in) paid with \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 1111 on 2024-05-12.",
            RedactionHarness.Create("IN").Redact(text));
    }

    [Fact]
    public void Redact_OneMegabyte_MasksEveryRepetition()
    {
        var line = "Agent: call 98765 43210 or mail a@b.co, invoice 2024-05-12, amount ₹1,250.00. ";
        var repetitions = (1024 * 1024 / line.Length) + 1;
        var text = string.Concat(Enumerable.Repeat(line, repetitions));

        var redacted = RedactionHarness.Create("IN").Redact(text)!;

        var expectedLine = "Agent: call +91 98\u2022\u2022\u2022 \u2022\u2022210 or mail a\u2022\u2022\u2022@b.co, invoice 2024-05-12, amount ₹1,250.00. ";
        Assert.Equal(string.Concat(Enumerable.Repeat(expectedLine, repetitions)), redacted);
    }

    public static TheoryData<string> PathologicalInputs() =>
    [
        new string('9', 50_000),
        new string('+', 10_000),
        new string('@', 10_000),
        string.Concat(Enumerable.Repeat("98-", 20_000)),
        string.Concat(Enumerable.Repeat(string.Join("-", Enumerable.Repeat("98", 49)) + " ", 500)),
        string.Concat(Enumerable.Repeat("a@", 10_000)),
        string.Concat(Enumerable.Repeat("a.", 20_000)) + "@" + string.Concat(Enumerable.Repeat("b.", 20_000)),
        string.Concat(Enumerable.Repeat("(", 10_000)) + "9876543210" + string.Concat(Enumerable.Repeat(")", 10_000)),
        "+" + new string('0', 30_000),
    ];

    [Theory]
    [MemberData(nameof(PathologicalInputs))]
    public void Redact_PathologicalInput_MasksNothingWrong(string text)
    {
        var redacted = RedactionHarness.Create("IN").Redact(text);
        if (text.StartsWith('('))
        {
            // The only number is the one between the parentheses.
            Assert.Equal(new string('(', 10_000) + "+91 98\u2022\u2022\u2022 \u2022\u2022210" + new string(')', 10_000), redacted);
        }
        else
        {
            Assert.Same(text, redacted);
        }
    }

    [Fact]
    public void Redact_PathologicalInputAroundANumber_MasksOnlyTheNumber()
    {
        var noise = new string('@', 10_000) + new string('+', 10_000);
        var text = noise + " 98765 43210 " + noise;
        Assert.Equal(noise + " +91 98\u2022\u2022\u2022 \u2022\u2022210 " + noise, RedactionHarness.Create("IN").Redact(text));
    }

    [Fact]
    public void Redact_LongListOfNumbers_MasksEachNumber()
    {
        var numbers = Enumerable.Range(0, 10).Select(i => $"98765 4321{i}").ToArray();
        var text = "List: " + string.Join(" ", numbers);
        var redacted = RedactionHarness.Create("IN").Redact(text)!;
        Assert.DoesNotContain("4321", redacted, StringComparison.Ordinal);
        Assert.Equal(10, CountOf(redacted, "+91 98" + Bullet));
    }

    [Fact]
    public void FindMatches_ReportsKindsInTextOrder()
    {
        var matches = RedactionHarness.Create("IN").FindMatches("x@y.com 98765 43210 4111 1111 1111 1111 z@y.com", null)!;
        Assert.Equal(
            [TextMatchKind.Email, TextMatchKind.PhoneNumber, TextMatchKind.PaymentCard, TextMatchKind.Email],
            matches.Select(m => m.Kind).ToArray());
        Assert.Equal(new List<int> { 0, 8, 20, 40 }, matches.Select(m => m.Start).ToList());
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
