// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// Applies a <see cref="MaskingRule"/> to a value. Phone numbers go to the registered <see cref="IPhoneNumberMasker"/>; without one
/// (no <c>AddPhoneNumbers()</c>) every digit but the last three is hidden. Free text goes to the registered <see cref="ITextRedactor"/>
/// (the whole value is hidden without one). Never returns the input unchanged unless it is empty or free text with nothing to redact.
/// </summary>
internal sealed class PersonalValueMasker(IPhoneNumberMasker? phoneNumbers, ITextRedactor? textRedactor = null)
{
    public const char MaskCharacter = '\u2022';

    /// <summary>What <see cref="MaskingRule.Full"/> writes whatever the length: a fixed run, so the length is not revealed.</summary>
    public const string FullMask = "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022";

    public string? Mask(string? value, MaskingRule rule, PhoneMaskingPolicy? policy)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        return rule switch
        {
            MaskingRule.PhoneNumber => phoneNumbers is null ? MaskDigits(value, keepLast: 3) : phoneNumbers.Mask(value, policy) ?? FullMask,
            MaskingRule.EmailAddress => MaskEmail(value),
            MaskingRule.KeepLastFour => value.Length <= 4 ? FullMask : new string(MaskCharacter, value.Length - 4) + value[^4..],
            MaskingRule.FreeText => textRedactor is null ? FullMask : textRedactor.Redact(value) ?? FullMask,
            _ => FullMask,
        };
    }

    private static string MaskEmail(string value)
    {
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            return FullMask;
        }

        return string.Concat(value.AsSpan(0, 1), "\u2022\u2022\u2022", value.AsSpan(at));
    }

    private static string MaskDigits(string value, int keepLast)
    {
        var digits = 0;
        foreach (var c in value)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        if (digits <= keepLast)
        {
            return FullMask;
        }

        var hide = digits - keepLast;
        return string.Create(value.Length, (value, hide), static (span, state) =>
        {
            var hidden = 0;
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.value[i];
                span[i] = char.IsAsciiDigit(c) && hidden++ < state.hide ? MaskCharacter : c;
            }
        });
    }
}
