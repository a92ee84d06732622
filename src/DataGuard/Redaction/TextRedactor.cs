// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using DataGuard.PhoneNumbers;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace DataGuard.Redaction;

/// <summary>
/// Masks phone numbers, e-mail addresses and payment card numbers in free text (transcripts, SMS bodies, notes).
/// </summary>
/// <remarks>
/// <para>
/// <b>Phone numbers.</b> A span scan finds candidate runs: ASCII digits with an optional leading <c>+</c> or <c>(</c>, groups
/// joined by separators of at most three characters (one space, or two around a dash; one dash, dot or slash; parentheses).
/// Only candidates of <see cref="MinPhoneDigits"/> to <see cref="MaxPhoneDigits"/> digits reach libphonenumber, which must parse
/// them and call them valid (<c>IsValidNumber</c>; <see cref="PhoneNumberOptions.AcceptPossibleNumbers"/> does not apply to free
/// text, where a merely possible number is too often an id). Numbers written with <c>+</c> or <c>00</c> need no region; others
/// are read with the region passed to <see cref="Redact"/>, else <see cref="PhoneNumberOptions.DefaultRegion"/> (without either,
/// only international numbers are found). A confirmed number is replaced by <see cref="IPhoneNumberMasker"/>'s international
/// masked form (<c>+91 98••• ••210</c>), whatever form it was written in.
/// </para>
/// <para>
/// Not numbers: a digit run glued to a letter, digit, <c>#</c>, <c>_</c> or currency sign, or to <c>ORD-</c>, <c>v1.</c>,
/// <c>10:</c>, <c>1,</c> (ids, versions, times, thousands); groups shaped like dates (<c>2024-05-12</c>, <c>12/05/2024</c>,
/// <c>12.05.2024</c>), IP addresses, dotted versions, decimals (<c>1234.56</c>) and ISBN-like dash groups with one-digit parts;
/// digit runs longer than 19 digits (never masked in part); amounts after a currency sign or code (<c>₹</c>, <c>$</c>,
/// <c>Rs.</c>, <c>INR</c>, <c>USD</c>...) or before a currency word (<c>rupees</c>, <c>dollars</c>...).
/// A bare digit run such as <c>9876543210</c> with no currency context is masked when it is a valid number: in a telephony
/// transcript a leaked phone number costs more than a masked amount.
/// </para>
/// <para>
/// <b>Payment cards.</b> 13 to 19 digits written card-shaped (one run, groups of four, or the 4-6-5 of 15-digit cards) that
/// pass the Luhn check and do not start with <c>+</c> or <c>00</c> become <c>•••• •••• •••• 1111</c> (the length is hidden).
/// Card-shaped runs that fail the check are left alone: they are neither cards nor phone numbers.
/// </para>
/// <para>
/// <b>E-mail addresses</b> keep the first character of the local part and the domain: <c>r•••@example.com</c>.
/// </para>
/// <para>
/// Every scan is linear in the text's length; runs of more than <see cref="MaxGroups"/> groups (tables of numbers) are left
/// alone. Only ASCII digits are read. Thread-safe; allocation-free when nothing is found.
/// </para>
/// </remarks>
internal sealed class TextRedactor : ITextRedactor
{
    /// <summary>The fewest digits of a phone number (country code included).</summary>
    public const int MinPhoneDigits = 7;

    /// <summary>The most digits of a phone number (an <c>00</c> prefix and 15 digits).</summary>
    public const int MaxPhoneDigits = 17;

    /// <summary>The most digit groups of one candidate run.</summary>
    public const int MaxGroups = 48;

    /// <summary>The most libphonenumber parses spent on one candidate run.</summary>
    private const int MaxParsesPerRun = 24;

    private const string UnknownRegion = "ZZ";

    /// <summary>libphonenumber's regions, read once (its GetSupportedRegions builds a new set on each call).</summary>
    private static readonly FrozenSet<string> SupportedRegions =
        PhoneNumberRules.Util.GetSupportedRegions().ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@");

    private static readonly string[] CurrencyCodesBefore = ["rs", "inr", "usd", "eur", "gbp", "pkr", "kes", "ksh", "uzs", "cad"];

    private static readonly string[] CurrencyWordsAfter =
        ["rs", "inr", "usd", "eur", "gbp", "pkr", "kes", "ksh", "uzs", "cad", "rupees", "rupee", "dollars", "euros", "pounds", "shillings", "sum", "som"];

    private readonly IPhoneNumberMasker _masker;
    private readonly IOptionsMonitor<PhoneNumberOptions> _options;

    /// <summary>Initializes a new instance of the <see cref="TextRedactor"/> class.</summary>
    /// <param name="masker">The masker that writes each confirmed phone number.</param>
    /// <param name="options">The options that name the default region.</param>
    public TextRedactor(IPhoneNumberMasker masker, IOptionsMonitor<PhoneNumberOptions> options)
    {
        ArgumentNullException.ThrowIfNull(masker);
        ArgumentNullException.ThrowIfNull(options);
        _masker = masker;
        _options = options;
    }

    public string? Redact(string? text, string? region = null)
    {
        if (text is null)
        {
            return null;
        }

        var matches = FindMatches(text, region);
        return matches is null ? text : Apply(text, matches);
    }

    /// <summary>Finds what <see cref="Redact"/> masks, in text order.</summary>
    /// <param name="text">The text.</param>
    /// <param name="region">The region for national numbers, or <see langword="null"/> for the default.</param>
    /// <returns>The matches, or <see langword="null"/> when there is none.</returns>
    internal List<TextMatch>? FindMatches(string text, string? region)
    {
        var regionCode = ResolveRegion(region);
        if (text.AsSpan().IndexOfAny(Triggers) < 0)
        {
            return null;
        }

        List<TextMatch>? matches = null;
        EmailScanner.Scan(text, ref matches);
        var emailCount = matches?.Count ?? 0;
        ScanNumbers(text, regionCode, emailCount, ref matches);
        if (matches is not null && emailCount > 0 && matches.Count > emailCount)
        {
            matches.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        }

        return matches;
    }

    private string ResolveRegion(string? region)
    {
        if (region is null)
        {
            var configured = _options.CurrentValue.DefaultRegion;
            return string.IsNullOrEmpty(configured) ? UnknownRegion : PhoneNumberRules.NormalizeRegion(configured);
        }

        if (region.Length != 2 || !SupportedRegions.Contains(region))
        {
            throw new ArgumentException(
                $"The region must be an ISO 3166-1 alpha-2 code that libphonenumber supports, such as IN, US or GB (it is '{region}').",
                nameof(region));
        }

        return PhoneNumberRules.NormalizeRegion(region);
    }

    private void ScanNumbers(string text, string region, int emailCount, ref List<TextMatch>? matches)
    {
        Span<DigitGroup> groups = stackalloc DigitGroup[MaxGroups];
        Span<DigitChunk> chunks = stackalloc DigitChunk[MaxGroups];
        var email = 0;
        var from = 0;
        while (from < text.Length)
        {
            var offset = text.AsSpan(from).IndexOfAnyInRange('0', '9');
            if (offset < 0)
            {
                return;
            }

            var p = from + offset;
            while (email < emailCount && matches![email].End <= p)
            {
                email++;
            }

            if (email < emailCount && matches![email].Start <= p)
            {
                from = matches[email].End;
                continue;
            }

            var limit = email < emailCount ? matches![email].Start : text.Length;
            var count = ReadRun(text, p, limit, groups, out from);
            if (count > 0)
            {
                ProcessRun(text, region, groups[..count], chunks, ref matches);
            }
        }
    }

    /// <summary>Reads the digit groups of one run; returns 0 (after reading it all) for a run of more than <see cref="MaxGroups"/> groups.</summary>
    private static int ReadRun(string text, int start, int limit, Span<DigitGroup> groups, out int end)
    {
        var count = 0;
        var s = start;
        while (true)
        {
            var e = s;
            while (e < limit && char.IsAsciiDigit(text[e]))
            {
                e++;
            }

            var k = e;
            int spaces = 0, punctuation = 0, opens = 0, closes = 0;
            var mark = '\0';
            while (k < limit && k - e < 3)
            {
                var c = text[k];
                if (c is ' ' or '\u00A0')
                {
                    spaces++;
                }
                else if (c is '-' or '.' or '/')
                {
                    punctuation++;
                    mark = c;
                }
                else if (c == '(')
                {
                    opens++;
                }
                else if (c == ')')
                {
                    closes++;
                }
                else
                {
                    break;
                }

                k++;
            }

            var continues = k > e && k < limit && char.IsAsciiDigit(text[k])
                && punctuation <= 1 && opens <= 1 && closes <= 1
                && (spaces <= 1 || (spaces == 2 && punctuation == 1));

            if (count < groups.Length)
            {
                groups[count] = continues
                    ? new DigitGroup(s, e, spaces > 0, punctuation == 1 ? mark : '\0', opens + closes > 0, closes > 0)
                    : new DigitGroup(s, e, false, '\0', false, false);
            }

            count++;
            if (!continues)
            {
                end = e;
                return count <= groups.Length ? count : 0;
            }

            s = k;
        }
    }

    private void ProcessRun(string text, string region, ReadOnlySpan<DigitGroup> groups, Span<DigitChunk> chunks, ref List<TextMatch>? matches)
    {
        // Chunks: groups joined without a space.
        var chunkCount = 0;
        var first = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            if (g == groups.Length - 1 || groups[g].SpaceAfter)
            {
                chunks[chunkCount++] = MakeChunk(text, groups, first, g);
                first = g + 1;
            }
        }

        var budget = MaxParsesPerRun;
        var c = 0;
        while (c < chunkCount)
        {
            if (chunks[c].Excluded)
            {
                c++;
                continue;
            }

            var a = c;
            var b = c;
            while (b + 1 < chunkCount && !chunks[b + 1].Excluded)
            {
                b++;
            }

            c = b + 1;
            if (a == 0 && IsAttachedBefore(text, chunks[0].SpanStart, chunks[0].HasPlus))
            {
                a++;
            }

            if (b == chunkCount - 1 && IsAttachedAfter(text, chunks[b].SpanEnd))
            {
                b--;
            }

            if (a <= b)
            {
                ProcessSegment(text, region, groups, chunks[a..(b + 1)], ref budget, ref matches);
            }
        }
    }

    private static DigitChunk MakeChunk(string text, ReadOnlySpan<DigitGroup> groups, int first, int last)
    {
        var start = groups[first].Start;
        var hasPlus = false;
        if (start > 0 && text[start - 1] == '+')
        {
            start--;
            hasPlus = true;
        }

        if (start > 0 && text[start - 1] == '(' && groups[first].CloseAfter)
        {
            start--;
        }

        var digits = 0;
        var mark = '\0';
        var mixed = false;
        var parenthesis = false;
        var minLength = int.MaxValue;
        var maxLength = 0;
        var singleDigitAfterFirst = false;
        for (var g = first; g <= last; g++)
        {
            var length = groups[g].Length;
            digits += length;
            minLength = Math.Min(minLength, length);
            maxLength = Math.Max(maxLength, length);
            singleDigitAfterFirst |= g > first && length == 1;
            if (g < last)
            {
                parenthesis |= groups[g].ParenthesisAfter;
                var m = groups[g].PunctuationAfter;
                if (m != '\0')
                {
                    mixed |= mark != '\0' && mark != m;
                    mark = m;
                }
            }
        }

        var count = last - first + 1;
        var excluded = digits > PaymentCard.MaxDigits
            || (!hasPlus && !mixed && !parenthesis && mark != '\0' && count == 3 && IsDate(groups[first].Length, groups[first + 1].Length, groups[last].Length))
            || (!hasPlus && mark == '.' && (minLength < 2 || (count == 4 && maxLength <= 3) || (count == 2 && groups[last].Length <= 2)))
            || (mark == '-' && singleDigitAfterFirst);
        return new DigitChunk(first, last, start, groups[last].End, digits, hasPlus, excluded);
    }

    private static bool IsDate(int first, int second, int third)
        => (first == 4 && second <= 2 && third <= 2) || (first <= 2 && second <= 2 && third is 2 or 4);

    private void ProcessSegment(
        string text, string region, ReadOnlySpan<DigitGroup> groups, ReadOnlySpan<DigitChunk> chunks, ref int budget, ref List<TextMatch>? matches)
    {
        // A card-shaped segment that fails Luhn is neither a card nor a phone number.
        if (IsCardCandidate(text, groups, chunks, out var cardShaped) && cardShaped
            && !PaymentCard.PassesLuhn(text.AsSpan(chunks[0].SpanStart, chunks[^1].SpanEnd - chunks[0].SpanStart)))
        {
            return;
        }

        // Windows of whole chunks, the longest first, left to right: each is a card (card-shaped, Luhn) or a phone number.
        var i = 0;
        while (i < chunks.Length)
        {
            var found = false;
            for (var j = chunks.Length - 1; j >= i; j--)
            {
                var window = chunks[i..(j + 1)];
                var windowDigits = 0;
                foreach (var chunk in window)
                {
                    windowDigits += chunk.Digits;
                }

                if (windowDigits < MinPhoneDigits)
                {
                    break;
                }

                var start = window[0].SpanStart;
                var end = window[^1].SpanEnd;

                // Part of a longer run ("Aadhaar 1234 5678 9012") only when it stands out: international, trunk prefix or 10+ digits.
                if ((i > 0 || j < chunks.Length - 1) && !window[0].HasPlus && text[start] is not ('0' or '(') && windowDigits < 10)
                {
                    continue;
                }

                TextMatch match;
                if (IsCardCandidate(text, groups, window, out cardShaped) && cardShaped && PaymentCard.PassesLuhn(text.AsSpan(start, end - start)))
                {
                    match = new TextMatch(start, end, PaymentCard.Mask(text.AsSpan(start, end - start)), TextMatchKind.PaymentCard);
                }
                else if (windowDigits <= MaxPhoneDigits && budget > 0)
                {
                    budget--;
                    var masked = TryMaskPhone(text, start, end, region);
                    if (masked is null)
                    {
                        continue;
                    }

                    match = new TextMatch(start, end, masked, TextMatchKind.PhoneNumber);
                }
                else
                {
                    continue;
                }

                matches ??= [];
                matches.Add(match);
                i = j + 1;
                found = true;
                break;
            }

            if (!found)
            {
                i++;
            }
        }
    }

    /// <summary>Gets whether chunks hold 13 to 19 digits not written as an international number, and whether they are card-shaped.</summary>
    private static bool IsCardCandidate(string text, ReadOnlySpan<DigitGroup> groups, ReadOnlySpan<DigitChunk> chunks, out bool cardShaped)
    {
        cardShaped = false;
        var digits = 0;
        foreach (var chunk in chunks)
        {
            digits += chunk.Digits;
        }

        if (chunks[0].HasPlus || digits is < PaymentCard.MinDigits or > PaymentCard.MaxDigits
            || (text[groups[chunks[0].FirstGroup].Start] == '0' && FirstTwoDigitsAreZero(text, groups, chunks[0].FirstGroup)))
        {
            return false;
        }

        cardShaped = IsCardShaped(groups[chunks[0].FirstGroup..(chunks[^1].LastGroup + 1)]);
        return true;
    }

    private static bool FirstTwoDigitsAreZero(string text, ReadOnlySpan<DigitGroup> groups, int firstGroup)
    {
        var g = groups[firstGroup];
        return g.Length >= 2 ? text[g.Start + 1] == '0' : firstGroup + 1 < groups.Length && text[groups[firstGroup + 1].Start] == '0';
    }

    /// <summary>One group of digits, groups of four (the last one shorter), or the 4-6-5 grouping of 15-digit cards.</summary>
    private static bool IsCardShaped(ReadOnlySpan<DigitGroup> groups)
    {
        if (groups.Length == 1)
        {
            return true;
        }

        if (groups.Length == 3 && groups[0].Length == 4 && groups[1].Length == 6 && groups[2].Length == 5)
        {
            return true;
        }

        for (var g = 0; g < groups.Length - 1; g++)
        {
            if (groups[g].Length != 4)
            {
                return false;
            }
        }

        return groups.Length >= 3 && groups[^1].Length <= 4;
    }

    private string? TryMaskPhone(string text, int start, int end, string region)
    {
        var candidate = text.AsSpan(start, end - start);
        var firstDigit = candidate.IndexOfAnyInRange('0', '9');
        string value;
        string parseRegion;
        if (candidate[..firstDigit].Contains('+'))
        {
            value = Compact(candidate, "+", firstDigit);
            parseRegion = UnknownRegion;
        }
        else if (candidate.Length > firstDigit + 1 && candidate[firstDigit] == '0' && candidate[firstDigit + 1] == '0')
        {
            value = Compact(candidate, "+", firstDigit + 2);
            parseRegion = UnknownRegion;
        }
        else if (region == UnknownRegion)
        {
            return null;
        }
        else
        {
            value = Compact(candidate, string.Empty, firstDigit);
            parseRegion = region;
        }

        PhoneNumber number;
        try
        {
            number = PhoneNumberRules.Util.Parse(value, parseRegion);
        }
        catch (NumberParseException)
        {
            return null;
        }

        if (number.HasExtension || !PhoneNumberRules.Util.IsValidNumber(number))
        {
            return null;
        }

        // DataGuard's own masker takes the parsed number (one parse per number instead of two); any other gets E.164.
        return _masker is PhoneNumberMasker
            ? PhoneNumberMasker.Mask(number, _options.CurrentValue.MaskingPolicy ?? PhoneMaskingPolicy.Default)
            : _masker.Mask(PhoneNumberRules.Util.Format(number, PhoneNumberFormat.E164));
    }

    /// <summary>
    /// The digits from <paramref name="from"/> on, after <paramref name="prefix"/>: libphonenumber parses a bare digit string faster
    /// than a punctuated one. A written trunk prefix (<c>+44 (0)20</c>) is left for libphonenumber to read.
    /// </summary>
    private static string Compact(ReadOnlySpan<char> candidate, string prefix, int from)
    {
        if (candidate.Contains("(0)", StringComparison.Ordinal))
        {
            return string.Concat(prefix, candidate[from..]);
        }

        Span<char> buffer = stackalloc char[prefix.Length + candidate.Length];
        prefix.AsSpan().CopyTo(buffer);
        var length = prefix.Length;
        foreach (var c in candidate[from..])
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[length++] = c;
            }
        }

        return new string(buffer[..length]);
    }

    private static bool IsAttachedBefore(string text, int start, bool hasPlus)
    {
        if (start == 0)
        {
            return false;
        }

        var c = text[start - 1];
        if (char.IsLetterOrDigit(c) || c == '_')
        {
            return true;
        }

        if (hasPlus)
        {
            // "+91 ..." is a number after "tel:", "phone=", "/" or "#" alike.
            return false;
        }

        if (c is '#' or '@' or '&' or '%' || IsCurrencySign(c))
        {
            return true;
        }

        if (start >= 2)
        {
            var b = text[start - 2];
            if ((c is ':' or ',' && char.IsAsciiDigit(b)) || (c is '-' or '.' or '/' or '=' && char.IsLetterOrDigit(b)))
            {
                return true;
            }
        }

        // "$ 1234567", "Rs. 9876543210", "INR 9876543210".
        var k = start - 1;
        if (text[k] is ' ' or '\u00A0')
        {
            k--;
        }

        if (k >= 0 && IsCurrencySign(text[k]))
        {
            return true;
        }

        if (k >= 0 && text[k] == '.')
        {
            k--;
        }

        var wordEnd = k + 1;
        while (k >= 0 && char.IsAsciiLetter(text[k]) && wordEnd - k <= 4)
        {
            k--;
        }

        return IsWord(text.AsSpan(k + 1, wordEnd - k - 1), CurrencyCodesBefore) && (k < 0 || !char.IsLetter(text[k]));
    }

    private static bool IsAttachedAfter(string text, int end)
    {
        if (end >= text.Length)
        {
            return false;
        }

        var c = text[end];
        if (char.IsLetterOrDigit(c) || c is '_' or '@' or '%' || IsCurrencySign(c))
        {
            return true;
        }

        if (c is ':' or ',' or '.' or '-' or '/' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))
        {
            return true;
        }

        // "9876543210 rupees".
        if (c is not (' ' or '\u00A0'))
        {
            return false;
        }

        var k = end + 1;
        while (k < text.Length && char.IsAsciiLetter(text[k]) && k - end <= 10)
        {
            k++;
        }

        return IsWord(text.AsSpan(end + 1, k - end - 1), CurrencyWordsAfter) && (k == text.Length || !char.IsLetter(text[k]));
    }

    private static bool IsWord(ReadOnlySpan<char> word, string[] words)
    {
        if (word.IsEmpty)
        {
            return false;
        }

        foreach (var w in words)
        {
            if (word.Equals(w, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCurrencySign(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol;

    private static string Apply(string text, List<TextMatch> matches)
    {
        var length = text.Length;
        foreach (var match in matches)
        {
            length += match.Replacement.Length - (match.End - match.Start);
        }

        return string.Create(length, (text, matches), static (destination, state) =>
        {
            var (source, found) = state;
            var read = 0;
            var written = 0;
            foreach (var match in found)
            {
                source.AsSpan(read, match.Start - read).CopyTo(destination[written..]);
                written += match.Start - read;
                match.Replacement.AsSpan().CopyTo(destination[written..]);
                written += match.Replacement.Length;
                read = match.End;
            }

            source.AsSpan(read).CopyTo(destination[written..]);
        });
    }
}
