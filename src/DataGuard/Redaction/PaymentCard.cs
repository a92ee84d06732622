// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Redaction;

/// <summary>The Luhn check and the masked form of payment card numbers.</summary>
internal static class PaymentCard
{
    /// <summary>The fewest digits of a card number (ISO/IEC 7812).</summary>
    public const int MinDigits = 13;

    /// <summary>The most digits of a card number (ISO/IEC 7812).</summary>
    public const int MaxDigits = 19;

    /// <summary>Returns whether the ASCII digits of <paramref name="text"/> (other characters are skipped) pass the Luhn check.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> text)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>
    /// Masks a card number: only the last four digits stay visible, always as <c>•••• •••• •••• 1111</c> whatever the length and
    /// grouping, so the masked form does not reveal the card's length (and so its scheme).
    /// </summary>
    public static string Mask(ReadOnlySpan<char> text)
    {
        Span<char> last = stackalloc char[4];
        var found = 0;
        for (var i = text.Length - 1; i >= 0 && found < 4; i--)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                last[3 - found] = text[i];
                found++;
            }
        }

        return string.Concat("\u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 ", last);
    }
}
