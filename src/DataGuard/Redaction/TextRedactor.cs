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
/// <b>Phone numbers.</b> A span scan finds candidate runs: digits (any Unicode decimal digit, see below) with an optional leading <c>+</c> or <c>(</c>, groups
/// joined by separators of at most three characters (one space, or two around a dash; one dash, dot or slash; parentheses).
/// Only candidates of <see cref="MinPhoneDigits"/> to <see cref="MaxPhoneDigits"/> digits reach libphonenumber, which must parse
/// them and call them valid (<c>IsValidNumber</c>; <see cref="PhoneNumberOptions.AcceptPossibleNumbers"/> does not apply to free
/// text, where a merely possible number is too often an id). Numbers written with <c>+</c> or <c>00</c> need no region; others
/// are read with the region passed to <see cref="Redact"/>, else <see cref="PhoneNumberOptions.DefaultRegion"/> (without either,
/// only international numbers are found). A confirmed number is replaced by <see cref="IPhoneNumberMasker"/>'s international
/// masked form (<c>+91 98••• ••210</c>), whatever form it was written in.
/// </para>
/// <para>
/// Not numbers: a digit run without <c>+</c> glued to a letter, a digit, <c>#</c> or a currency sign, or to <c>ORD-</c>, <c>v1.</c>,
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
/// <b>Boundaries.</b> <c>_</c>, <c>=</c> and a URL-encoded character (<c>%20</c>) end a number; <c>%2B</c> (URL-encoded) reads
/// as <c>+</c>. A number written with <c>+</c> may be glued to text on either side (<c>user_+16502530000</c>,
/// <c>+16502530000abc</c>); a bare digit run glued to a letter is an id and is left alone. An extension after a number
/// (<c>x12</c>, <c>ext. 12</c>, <c>ext 12</c>) is masked with it, one mask character per extension digit.
/// </para>
/// <para>
/// <b>Unicode.</b> Every Unicode decimal digit (Arabic-Indic <c>١٦٥</c>, full-width <c>６５０</c>...) reads as its ASCII digit;
/// no-break, thin and narrow no-break spaces read as spaces, and full-width <c>＋－（）．／</c>, the ideographic space and the
/// Unicode dashes (<c>‐ ‑ ‒ – −</c>) as their ASCII forms. Each maps to one character, so offsets are kept.
/// </para>
/// <para>
/// <b>Limits fail closed.</b> Every scan is linear in the text's length. A run of more than <see cref="MaxGroups"/> groups is
/// read as far as its last whole chunk within the limit; every digit of the rest of the run is replaced by the mask character
/// (a single chunk longer than the limit holds more than 19 digits and is left alone as an id). A run may spend
/// <see cref="MaxParsesPerRun"/> libphonenumber parses plus two per chunk; when they are used up, every digit of the rest of the
/// run is replaced by the mask character. These matches are <see cref="TextMatchKind.UnconfirmedDigits"/>.
/// Thread-safe; allocation-free when nothing is found and the text holds nothing to map to ASCII.
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

    /// <summary>The libphonenumber parses one candidate run may spend, plus two per chunk; past them the rest of the run is masked.</summary>
    public const int MaxParsesPerRun = 24;

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
        var scan = ToAsciiForm(text);
        if (scan.AsSpan().IndexOfAny(Triggers) < 0)
        {
            return null;
        }

        List<TextMatch>? matches = null;
        EmailScanner.Scan(text, ref matches);
        var emailCount = matches?.Count ?? 0;
        ScanNumbers(scan, regionCode, emailCount, ref matches);
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
            var count = ReadRun(text, p, limit, groups, out from, out var overflow);
            if (!overflow)
            {
                from = Math.Max(from, ProcessRun(text, region, limit, groups[..count], chunks, ref matches));
                continue;
            }

            // More than MaxGroups groups: the whole chunks within the limit are read as usual, the rest of the run fails closed.
            var cut = count - 1;
            while (cut >= 0 && !groups[cut].SpaceAfter)
            {
                cut--;
            }

            if (cut < 0)
            {
                // One chunk of more than MaxGroups groups (so more than 19 digits) is an id: read on after it.
                from = SkipGroups(text, from, limit, stopAtSpace: true);
                continue;
            }

            ProcessRun(text, region, limit, groups[..(cut + 1)], chunks, ref matches);
            var tail = cut + 1 < count ? groups[cut + 1].Start : from;
            from = SkipGroups(text, tail, limit, stopAtSpace: false);
            AddUnconfirmed(text, tail, from, ref matches);
        }
    }

    /// <summary>
    /// Reads the digit groups of one run, at most <paramref name="groups"/>' length. <paramref name="next"/> is the end of the run,
    /// or, when <paramref name="overflow"/> (the run goes on past the limit), the start of the first group not read.
    /// </summary>
    private static int ReadRun(string text, int start, int limit, Span<DigitGroup> groups, out int next, out bool overflow)
    {
        var count = 0;
        var s = start;
        while (true)
        {
            var continues = ReadGroup(text, s, limit, out groups[count], out var k);
            count++;
            if (!continues)
            {
                next = groups[count - 1].End;
                overflow = false;
                return count;
            }

            if (count == groups.Length)
            {
                next = k;
                overflow = true;
                return count;
            }

            s = k;
        }
    }

    /// <summary>
    /// Reads on from the group at <paramref name="start"/> without keeping the groups; returns the end of the run or, with
    /// <paramref name="stopAtSpace"/>, the start of the first group after a separator holding a space.
    /// </summary>
    private static int SkipGroups(string text, int start, int limit, bool stopAtSpace)
    {
        var s = start;
        while (true)
        {
            if (!ReadGroup(text, s, limit, out var group, out var k))
            {
                return group.End;
            }

            if (stopAtSpace && group.SpaceAfter)
            {
                return k;
            }

            s = k;
        }
    }

    /// <summary>Reads the digits at <paramref name="s"/> and the separator after them; returns whether the run goes on at <paramref name="next"/>.</summary>
    private static bool ReadGroup(string text, int s, int limit, out DigitGroup group, out int next)
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
            if (c == ' ')
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
        group = continues
            ? new DigitGroup(s, e, spaces > 0, punctuation == 1 ? mark : '\0', opens + closes > 0, closes > 0)
            : new DigitGroup(s, e, false, '\0', false, false);
        next = k;
        return continues;
    }

    /// <summary>Finds the numbers of one run; returns where the scan reads on (after an extension that was masked), else 0.</summary>
    private int ProcessRun(string text, string region, int limit, ReadOnlySpan<DigitGroup> groups, Span<DigitChunk> chunks, ref List<TextMatch>? matches)
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

        var runEnd = chunks[chunkCount - 1].SpanEnd;
        var extensionEnd = ExtensionEnd(text, runEnd, limit);
        var budget = MaxParsesPerRun + (2 * chunkCount);
        var failFrom = -1;
        var c = 0;
        while (c < chunkCount && failFrom < 0)
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

            var atEnd = b == chunkCount - 1;
            if (atEnd && extensionEnd < 0 && a <= b && IsAttachedAfter(text, runEnd, chunks[a].HasPlus))
            {
                b--;
            }

            if (a <= b)
            {
                failFrom = ProcessSegment(text, region, groups, chunks[a..(b + 1)], atEnd ? extensionEnd : -1, ref budget, ref matches);
            }
        }

        if (failFrom >= 0)
        {
            var failEnd = extensionEnd >= 0 ? extensionEnd : runEnd;
            AddUnconfirmed(text, failFrom, failEnd, ref matches);
            return failEnd;
        }

        return extensionEnd >= 0 && matches is { Count: > 0 } && matches[^1].End == extensionEnd ? extensionEnd : 0;
    }

    /// <summary>Masks every digit of a span that a scan limit left unconfirmed (fail closed).</summary>
    private void AddUnconfirmed(string text, int start, int end, ref List<TextMatch>? matches)
    {
        if (start >= end)
        {
            return;
        }

        var replacement = MaskDigits(text.AsSpan(start, end - start), MaskCharacter);
        matches ??= [];
        matches.Add(new TextMatch(start, end, replacement, TextMatchKind.UnconfirmedDigits));
    }

    private char MaskCharacter => (_options.CurrentValue.MaskingPolicy ?? PhoneMaskingPolicy.Default).MaskCharacter;

    private static string MaskDigits(ReadOnlySpan<char> span, char mask)
    {
        Span<char> buffer = span.Length <= 256 ? stackalloc char[span.Length] : new char[span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            buffer[i] = char.IsAsciiDigit(span[i]) ? mask : span[i];
        }

        return new string(buffer);
    }

    /// <summary>
    /// Gets the end of an extension written right after a number (<c>x12</c>, <c> ext. 12</c>, <c>EXT 12</c>: one to six digits
    /// not followed by a letter or digit), or -1.
    /// </summary>
    private static int ExtensionEnd(string text, int end, int limit)
    {
        var k = end;
        if (k < limit && text[k] == ' ')
        {
            k++;
        }

        if (k < limit && text[k] is 'x' or 'X')
        {
            k++;
        }
        else if (k + 3 <= limit && text.AsSpan(k, 3).Equals("ext", StringComparison.OrdinalIgnoreCase))
        {
            k += 3;
            if (k < limit && text[k] == '.')
            {
                k++;
            }
        }
        else
        {
            return -1;
        }

        if (k < limit && text[k] == ' ')
        {
            k++;
        }

        var digits = k;
        while (k < limit && char.IsAsciiDigit(text[k]) && k - digits <= 6)
        {
            k++;
        }

        return k - digits is 0 or > 6 || (k < text.Length && char.IsLetterOrDigit(text[k])) ? -1 : k;
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
        else if (start >= 3 && text[start - 3] == '%' && text[start - 2] == '2' && text[start - 1] is 'B' or 'b')
        {
            // "?to=%2B14155550123": a URL-encoded plus.
            start -= 3;
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

    /// <summary>
    /// Finds the cards and phone numbers of a segment (chunks between excluded ones); <paramref name="extensionEnd"/> is the end of
    /// an extension after the last chunk, or -1. Returns where the rest of the run fails closed (the parses are used up), or -1.
    /// </summary>
    private int ProcessSegment(
        string text,
        string region,
        ReadOnlySpan<DigitGroup> groups,
        ReadOnlySpan<DigitChunk> chunks,
        int extensionEnd,
        ref int budget,
        ref List<TextMatch>? matches)
    {
        // A card-shaped segment that fails Luhn is neither a card nor a phone number.
        if (IsCardCandidate(text, groups, chunks, out var cardShaped) && cardShaped
            && !PaymentCard.PassesLuhn(text.AsSpan(chunks[0].SpanStart, chunks[^1].SpanEnd - chunks[0].SpanStart)))
        {
            return -1;
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
                else if (windowDigits <= MaxPhoneDigits)
                {
                    if (budget == 0)
                    {
                        return chunks[i].SpanStart;
                    }

                    budget--;
                    var masked = TryMaskPhone(text, groups[window[0].FirstGroup].Start, end, window[0].HasPlus, region);
                    if (masked is null)
                    {
                        continue;
                    }

                    if (j == chunks.Length - 1 && extensionEnd >= 0)
                    {
                        masked = string.Concat(masked, MaskDigits(text.AsSpan(end, extensionEnd - end), MaskCharacter));
                        end = extensionEnd;
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

        return -1;
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

    /// <summary>Masks the number whose first digit is at <paramref name="digitStart"/>, or returns <see langword="null"/>.</summary>
    private string? TryMaskPhone(string text, int digitStart, int end, bool hasPlus, string region)
    {
        var candidate = text.AsSpan(digitStart, end - digitStart);
        string value;
        string parseRegion;
        if (hasPlus)
        {
            value = Compact(candidate, "+", 0);
            parseRegion = UnknownRegion;
        }
        else if (candidate.Length > 1 && candidate[0] == '0' && candidate[1] == '0')
        {
            value = Compact(candidate, "+", 2);
            parseRegion = UnknownRegion;
        }
        else if (region == UnknownRegion)
        {
            return null;
        }
        else
        {
            value = Compact(candidate, string.Empty, 0);
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
        if (char.IsDigit(c))
        {
            return true;
        }

        if (hasPlus)
        {
            // "+91 ..." is a number after "tel:", "phone=", "/", "#", "_" or a word alike.
            return false;
        }

        if (char.IsLetter(c))
        {
            return true;
        }

        if (c is '#' or '@' or '&' or '%' || IsCurrencySign(c))
        {
            return true;
        }

        if (start >= 2)
        {
            var b = text[start - 2];
            if ((c is ':' or ',' && char.IsAsciiDigit(b)) || (c is '-' or '.' or '/' && char.IsLetterOrDigit(b)))
            {
                return true;
            }
        }

        // "$ 1234567", "Rs. 9876543210", "INR 9876543210".
        var k = start - 1;
        if (text[k] == ' ')
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

    /// <summary>Gets whether the run ending at <paramref name="end"/> is glued to what follows (an id, an amount, a version...).</summary>
    private static bool IsAttachedAfter(string text, int end, bool hasPlus)
    {
        if (end >= text.Length)
        {
            return false;
        }

        var c = text[end];
        if (char.IsLetter(c))
        {
            // "+16502530000abc" is a number followed by text; "9876543210x" is an id.
            return !hasPlus;
        }

        if (c == '%')
        {
            // "...0123%26lang=en": a URL-encoded character ends the number; "50%" does not.
            return !(end + 2 < text.Length && char.IsAsciiHexDigit(text[end + 1]) && char.IsAsciiHexDigit(text[end + 2]));
        }

        if (char.IsDigit(c) || c == '@' || IsCurrencySign(c))
        {
            return true;
        }

        if (c is ':' or ',' or '.' or '-' or '/' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))
        {
            return true;
        }

        // "9876543210 rupees".
        if (c != ' ')
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

    /// <summary>
    /// The text with every Unicode decimal digit as its ASCII digit and the spaces, dashes and full-width signs a number is written
    /// with as their ASCII forms, one character for one (offsets are kept); the same instance when there is nothing to map.
    /// </summary>
    internal static string ToAsciiForm(string text)
    {
        var first = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F');
        if (first < 0)
        {
            return text;
        }

        while (ToAscii(text[first]) == text[first])
        {
            // Jump over ASCII text to the next other character.
            var next = text.AsSpan(first + 1).IndexOfAnyExceptInRange('\0', '\u007F');
            if (next < 0)
            {
                return text;
            }

            first += next + 1;
        }

        return string.Create(text.Length, (text, first), static (destination, state) =>
        {
            var (source, from) = state;
            source.AsSpan(0, from).CopyTo(destination);
            for (var i = from; i < source.Length; i++)
            {
                destination[i] = ToAscii(source[i]);
            }
        });
    }

    private static char ToAscii(char c)
    {
        if (c <= '\u007F')
        {
            return c;
        }

        switch (c)
        {
            case '\u00A0' or '\u2009' or '\u202F' or '\u3000':
                return ' ';
            case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2212' or '\uFF0D':
                return '-';
            case '\uFF0B':
                return '+';
            case '\uFF08':
                return '(';
            case '\uFF09':
                return ')';
            case '\uFF0E':
                return '.';
            case '\uFF0F':
                return '/';
            default:
                return char.IsDigit(c) ? (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(c)) : c;
        }
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
