// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DataGuard.Redaction;
using Xunit;

namespace DataGuard.Tests.Redaction;

/// <summary>The cases where the redactor used to fail open: scan limits, glued boundaries, extensions and Unicode digits.</summary>
public sealed class TextRedactorFailClosedTests
{
    private const char Bullet = '\u2022';

    [Fact]
    public void Redact_RunOfMoreThanMaxGroups_MasksTheWholeChunksAndFailsClosedOnTheRest()
    {
        var numbers = Enumerable.Range(0, 60).Select(i => $"650253{i:0000}").ToArray();
        var text = "List: " + string.Join(" ", numbers) + " end";

        var matches = RedactionHarness.Create("US").FindMatches(text, null)!;
        var redacted = RedactionHarness.Create("US").Redact(text)!;

        // The first MaxGroups numbers are confirmed and masked by the masker; every digit of the rest is a mask character.
        Assert.Equal(TextRedactor.MaxGroups, matches.Count(m => m.Kind == TextMatchKind.PhoneNumber));
        var unconfirmed = Assert.Single(matches, m => m.Kind == TextMatchKind.UnconfirmedDigits);
        Assert.Equal(text.IndexOf(numbers[TextRedactor.MaxGroups], StringComparison.Ordinal), unconfirmed.Start);
        Assert.Equal(text.Length - " end".Length, unconfirmed.End);
        Assert.DoesNotContain("253", redacted, StringComparison.Ordinal);
        Assert.EndsWith(string.Join(" ", Enumerable.Repeat(new string(Bullet, 10), 60 - TextRedactor.MaxGroups)) + " end", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_SpaceSeparatedDigitsPastTheLimit_FailsClosed()
    {
        var text = string.Concat(Enumerable.Repeat("9 ", 25_000));
        var redacted = RedactionHarness.Create("IN").Redact(text)!;

        // Whatever the first MaxGroups groups hold, every digit after them is a mask character.
        Assert.EndsWith(string.Concat(Enumerable.Repeat(Bullet + " ", 25_000 - TextRedactor.MaxGroups)), redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_ChunkLongerThanTheLimit_IsAnIdAndTheNumbersAfterItAreMasked()
    {
        var id = string.Join("-", Enumerable.Repeat("98", 60));
        var text = id + " 650 253 0000 end";
        Assert.Equal(id + " " + RedactionHarness.ExpectedMask("6502530000", "US") + " end", RedactionHarness.Create("US").Redact(text));
    }

    [Fact]
    public void Redact_ListLongerThanTheOldParseBudget_MasksEveryNumber()
    {
        var numbers = Enumerable.Range(0, 47).Select(i => $"650253{i:0000}").ToArray();
        var text = string.Join(" ", numbers);

        var matches = RedactionHarness.Create("US").FindMatches(text, null)!;

        Assert.Equal(47, matches.Count);
        Assert.All(matches, m => Assert.Equal(TextMatchKind.PhoneNumber, m.Kind));
    }

    [Fact]
    public void Redact_ParseBudgetUsedUp_FailsClosedOnTheRestOfTheRun()
    {
        // Single-digit groups cost many parses each; the number at the end of the run must not leak.
        var text = "a " + string.Concat(Enumerable.Repeat("1 ", 40)) + "650 253 0000 end";

        var matches = RedactionHarness.Create("US").FindMatches(text, null)!;
        var redacted = RedactionHarness.Create("US").Redact(text)!;

        var unconfirmed = Assert.Single(matches);
        Assert.Equal(TextMatchKind.UnconfirmedDigits, unconfirmed.Kind);
        Assert.Equal(text.Length - " end".Length, unconfirmed.End);
        Assert.DoesNotContain("650", redacted, StringComparison.Ordinal);
        Assert.EndsWith(new string(Bullet, 3) + " " + new string(Bullet, 3) + " " + new string(Bullet, 4) + " end", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /calls?to=%2B14155550123 HTTP/1.1", "GET /calls?to=", "+14155550123", " HTTP/1.1")]
    [InlineData("GET /calls?to=%2b14155550123&x=1", "GET /calls?to=", "+14155550123", "&x=1")]
    [InlineData("user_+16502530000", "user_", "+16502530000", "")]
    [InlineData("id+16502530000", "id+", "16502530000", "")]
    [InlineData("+16502530000abc", "", "+16502530000", "abc")]
    [InlineData("to=6502530000&lang=en", "to=", "6502530000", "&lang=en")]
    [InlineData("call_6502530000_20240512.wav", "call_", "6502530000", "_20240512.wav")]
    [InlineData("/calls/+14155550123%26lang=en", "/calls/", "+14155550123", "%26lang=en")]
    public void Redact_NumberGluedToUrlOrWordSyntax_IsMasked(string text, string before, string number, string after)
    {
        var mask = number.StartsWith('1') && before.EndsWith('+')
            ? RedactionHarness.ExpectedMask("+" + number, "US")
            : RedactionHarness.ExpectedMask(number, "US");
        var expected = before.EndsWith('+') ? before[..^1] + mask + after : before + mask + after;
        Assert.Equal(expected, RedactionHarness.Create("US").Redact(text));
    }

    [Theory]
    [InlineData("+1 650 253 0000x12", "+1 650 253 0000", "x\u2022\u2022")]
    [InlineData("call 650-253-0000 ext. 123 now", "650-253-0000", " ext. \u2022\u2022\u2022")]
    [InlineData("(650) 253-0000 EXT 4", "(650) 253-0000", " EXT \u2022")]
    [InlineData("+16502530000 x 123456.", "+16502530000", " x \u2022\u2022\u2022\u2022\u2022\u2022")]
    public void Redact_Extension_MasksTheNumberAndTheExtensionDigits(string text, string number, string maskedExtension)
    {
        var start = text.IndexOf(number, StringComparison.Ordinal);
        var extension = text.Substring(start + number.Length, maskedExtension.Length);
        var expected = text[..start] + RedactionHarness.ExpectedMask(number, "US") + maskedExtension + text[(start + number.Length + extension.Length)..];
        Assert.Equal(expected, RedactionHarness.Create("US").Redact(text));
    }

    [Theory]
    [InlineData("order 6502530000abc")]
    [InlineData("order x6502530000")]
    [InlineData("order 6502530000x")]
    [InlineData("order 6502530000x1234567")]
    [InlineData("order 6502530000ext")]
    [InlineData("Order ORD-2024-000123 and INV-2026-0001")]
    [InlineData("rate 6502530000%")]
    public void Redact_IdsGluedToLetters_StayUntouched(string text)
        => Assert.Same(text, RedactionHarness.Create("US").Redact(text));

    [Theory]
    [InlineData("call +\u0661\u0666\u0665\u0660\u0662\u0665\u0663\u0660\u0660\u0660\u0660 now", "+16502530000", "US")]
    [InlineData("call \uFF16\uFF15\uFF10-\uFF12\uFF15\uFF13-\uFF10\uFF10\uFF10\uFF10 now", "6502530000", "US")]
    [InlineData("call \uFF0B\uFF11\u3000\uFF16\uFF15\uFF10\u3000\uFF12\uFF15\uFF13\u3000\uFF10\uFF10\uFF10\uFF10 now", "+16502530000", "US")]
    [InlineData("call 650\u2009253\u20090000 now", "6502530000", "US")]
    [InlineData("call 650\u00A0253\u00A00000 now", "6502530000", "US")]
    [InlineData("call +1\u202F650\u202F253\u202F0000 now", "+16502530000", "US")]
    [InlineData("call 650\u2013253\u20130000 now", "6502530000", "US")]
    [InlineData("call \u096F\u096E\u096D\u096C\u096B \u096A\u0969\u0968\u0967\u0966 now", "9876543210", "IN")]
    public void Redact_UnicodeDigitsAndSpaces_AreMasked(string text, string number, string region)
    {
        var expected = "call " + RedactionHarness.ExpectedMask(number, region) + " now";
        Assert.Equal(expected, RedactionHarness.Create(region).Redact(text));
    }

    [Fact]
    public void Redact_UnicodeDigitsOutsideAMatch_AreKept()
    {
        var text = "ref \u0661\u0662\u0663 and +\u0661\u0666\u0665\u0660\u0662\u0665\u0663\u0660\u0660\u0660\u0660";
        Assert.Equal("ref \u0661\u0662\u0663 and " + RedactionHarness.ExpectedMask("+16502530000", "US"), RedactionHarness.Create("US").Redact(text));
    }

    [Theory]
    [InlineData("plain ascii text 2024-05-12")]
    [InlineData("caf\u00E9 \u20B91,250.00 \u2022 d\u00E9j\u00E0 vu")]
    public void ToAsciiForm_NothingToMap_ReturnsSameInstance(string text)
        => Assert.Same(text, TextRedactor.ToAsciiForm(text));

    [Fact]
    public void ToAsciiForm_MapsOneCharacterForOne()
        => Assert.Equal("+1 650-253 0000 ok", TextRedactor.ToAsciiForm("\uFF0B\u0661\u00A0\u0666\u0665\u0660\u2011\u0662\u0665\u0663\u2009\uFF10\uFF10\uFF10\uFF10 ok"));
}
