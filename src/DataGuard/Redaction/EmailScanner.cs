// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;

namespace DataGuard.Redaction;

/// <summary>
/// Finds e-mail addresses in linear time (no regular expression): from each <c>@</c> it walks left over the local part and right
/// over the domain, and neither walk passes another <c>@</c>, so every character is read at most a constant number of times.
/// </summary>
internal static class EmailScanner
{
    /// <summary>The mask that replaces the local part after its first character.</summary>
    public const string LocalPartMask = "\u2022\u2022\u2022";

    private static readonly SearchValues<char> LocalChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-");

    private static readonly SearchValues<char> DomainChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");

    /// <summary>
    /// Adds a match for each e-mail address in <paramref name="text"/>, in order. The replacement keeps the first character of the
    /// local part and the domain (<c>r•••@example.com</c>): the local part's length is hidden.
    /// </summary>
    public static void Scan(string text, ref List<TextMatch>? matches)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text.IndexOf('@', from);
            if (at < 0)
            {
                return;
            }

            from = at + 1;

            // Local part: walk left over allowed characters, then drop leading dots.
            var start = at;
            while (start > 0 && LocalChars.Contains(text[start - 1]))
            {
                start--;
            }

            while (start < at && text[start] == '.')
            {
                start++;
            }

            if (start == at || text[at - 1] == '.')
            {
                continue;
            }

            // Domain: walk right, drop trailing dots and dashes (end of sentence), then check the labels.
            var end = at + 1;
            while (end < text.Length && DomainChars.Contains(text[end]))
            {
                end++;
            }

            while (end > at + 1 && text[end - 1] is '.' or '-')
            {
                end--;
            }

            if (!IsDomain(text.AsSpan(at + 1, end - at - 1)))
            {
                continue;
            }

            matches ??= [];
            matches.Add(new TextMatch(start, end, string.Concat(text.AsSpan(start, 1), LocalPartMask, text.AsSpan(at, end - at)), TextMatchKind.Email));
            from = end;
        }
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        var lastDot = domain.LastIndexOf('.');
        if (lastDot <= 0 || domain.Length - lastDot - 1 < 2 || !char.IsAsciiLetterOrDigit(domain[0]))
        {
            return false;
        }

        foreach (var c in domain[(lastDot + 1)..])
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        // No empty labels ("a..b") and no label that starts or ends with a dash.
        return !domain.Contains("..", StringComparison.Ordinal)
            && !domain.Contains(".-", StringComparison.Ordinal)
            && !domain.Contains("-.", StringComparison.Ordinal);
    }
}
