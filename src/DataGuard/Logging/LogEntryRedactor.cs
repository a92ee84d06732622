// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DataGuard.Logging;

/// <summary>
/// The safety net's redaction of one log entry: message, structured values, exception and scopes, through <see cref="ITextRedactor"/>.
/// </summary>
/// <remarks>
/// Text without a digit or an <c>@</c> cannot hold a phone number, e-mail address or card number and is passed on untouched without
/// calling the text redactor; so is an entry whose values are all such text, small integers, or types that cannot hold personal
/// data (booleans, enums, dates, GUIDs).
/// </remarks>
internal sealed class LogEntryRedactor(ITextRedactor textRedactor)
{
    private const string OriginalFormatKey = "{OriginalFormat}";
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@");

    /// <summary>Returns the redacted text, or the same instance when it holds nothing to redact.</summary>
    public string? RedactText(string? text)
        => text is null || !text.AsSpan().ContainsAny(Triggers) ? text : textRedactor.Redact(text) ?? string.Empty;

    /// <summary>Returns the redacted value (as a string), or the same instance when it holds nothing to redact.</summary>
    public object? RedactValue(object? value)
    {
        switch (value)
        {
            case null:
            case bool:
            case char:
            case Enum:
            case Guid:
            case DateTime:
            case DateTimeOffset:
            case DateOnly:
            case TimeOnly:
            case TimeSpan:
                return value;
            case string text:
                return RedactText(text);
            case sbyte or byte or short or ushort:
                return value;
            case int i:
                return i is > -1_000_000 and < 1_000_000 ? value : RedactInteger(value);
            case uint u:
                return u < 1_000_000 ? value : RedactInteger(value);
            case long l:
                return l is > -1_000_000 and < 1_000_000 ? value : RedactInteger(value);
            case ulong ul:
                return ul < 1_000_000 ? value : RedactInteger(value);
            case IEnumerable sequence:
                return RedactSequence(sequence);
            default:
                return RedactFormatted(value);
        }
    }

    /// <summary>
    /// Returns the state to pass on in place of <paramref name="state"/>, or <see langword="null"/> when it holds nothing to redact.
    /// </summary>
    public RedactedLogState? RedactState<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> list)
        {
            var values = RedactValues(list);
            if (values is null)
            {
                return null;
            }

            return new RedactedLogState(RedactMessage(formatter(state, exception), list, values), values);
        }

        var message = formatter(state, exception);
        var redacted = RedactText(message);
        return ReferenceEquals(message, redacted) ? null : new RedactedLogState(redacted ?? string.Empty, []);
    }

    /// <summary>Returns the scope to pass on in place of <paramref name="scope"/>, or <see langword="null"/> when it holds nothing to redact.</summary>
    public object? RedactScope(object? scope)
    {
        switch (scope)
        {
            case null:
                return null;
            case string text:
                var redacted = RedactText(text);
                return ReferenceEquals(redacted, text) ? null : redacted;
            case IReadOnlyList<KeyValuePair<string, object?>> list:
                var values = RedactValues(list);
                return values is null ? null : new RedactedLogState(RedactMessage(scope.ToString(), list, values), values);
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var copy = new List<KeyValuePair<string, object?>>(pairs);
                var copiedValues = RedactValues(copy);
                return copiedValues is null ? null : new RedactedLogState(RedactMessage(scope.ToString(), copy, copiedValues), copiedValues);
            default:
                var formatted = RedactFormatted(scope);
                return ReferenceEquals(formatted, scope) ? null : formatted;
        }
    }

    /// <summary>
    /// Returns a <see cref="RedactedException"/> in place of an exception whose text holds personal data, or <see langword="null"/>
    /// when there is nothing to redact.
    /// </summary>
    public RedactedException? RedactException(Exception? exception)
    {
        if (exception is null or RedactedException)
        {
            return null;
        }

        var text = exception.ToString();
        var redactedText = RedactText(text);
        if (ReferenceEquals(text, redactedText))
        {
            return null;
        }

        return new RedactedException(
            exception.GetType().FullName ?? exception.GetType().Name,
            RedactText(exception.Message) ?? string.Empty,
            RedactText(exception.StackTrace),
            redactedText ?? string.Empty,
            exception.HResult);
    }

    /// <summary>
    /// Redacts a formatted message, then replaces what is left of each redacted value written as it was (a number kept as an
    /// integer reads as a phone number only with a <c>+</c> in front, which the message does not have).
    /// </summary>
    private string RedactMessage(string? message, IReadOnlyList<KeyValuePair<string, object?>> original, KeyValuePair<string, object?>[] redacted)
    {
        var text = RedactText(message) ?? string.Empty;
        for (var i = 0; i < redacted.Length; i++)
        {
            var value = original[i].Value;
            if (ReferenceEquals(value, redacted[i].Value) || value is string || original[i].Key == OriginalFormatKey)
            {
                continue;
            }

            var written = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.CurrentCulture) : value?.ToString();
            if (!string.IsNullOrEmpty(written))
            {
                text = text.Replace(written, redacted[i].Value as string, StringComparison.Ordinal);
            }
        }

        return text;
    }

    private KeyValuePair<string, object?>[]? RedactValues(IReadOnlyList<KeyValuePair<string, object?>> list)
    {
        KeyValuePair<string, object?>[]? result = null;
        for (var i = 0; i < list.Count; i++)
        {
            var pair = list[i];
            var redacted = pair.Key == OriginalFormatKey && pair.Value is string template ? RedactText(template) : RedactValue(pair.Value);
            if (!ReferenceEquals(redacted, pair.Value))
            {
                if (result is null)
                {
                    result = new KeyValuePair<string, object?>[list.Count];
                    for (var j = 0; j < i; j++)
                    {
                        result[j] = list[j];
                    }
                }

                result[i] = new(pair.Key, redacted);
            }
            else if (result is not null)
            {
                result[i] = pair;
            }
        }

        return result;
    }

    // A phone number kept as an integer is usually E.164 without its "+": read it both ways.
    private object RedactInteger(object value)
    {
        var redacted = RedactFormatted(value);
        if (!ReferenceEquals(redacted, value))
        {
            return redacted;
        }

        var text = "+" + ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);
        var international = RedactText(text);
        return ReferenceEquals(international, text) ? value : international ?? string.Empty;
    }

    private object RedactFormatted(object value)
    {
        var text = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
        var redacted = RedactText(text);
        return text is null || ReferenceEquals(text, redacted) ? value : redacted ?? string.Empty;
    }

    private object RedactSequence(IEnumerable sequence)
    {
        StringBuilder? joined = null;
        var changed = false;
        foreach (var item in sequence)
        {
            var redacted = RedactValue(item);
            changed |= !ReferenceEquals(redacted, item);
            joined = joined is null ? new StringBuilder() : joined.Append(", ");
            joined.Append(redacted is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : redacted?.ToString() ?? "(null)");
        }

        return changed ? joined!.ToString() : sequence;
    }
}
