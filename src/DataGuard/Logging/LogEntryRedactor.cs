// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;

namespace DataGuard.Logging;

/// <summary>
/// The safety net's redaction of one log entry: message, structured values, exception and scopes, through <see cref="ITextRedactor"/>.
/// </summary>
/// <remarks>
/// <para>
/// Text without a digit or an <c>@</c> cannot hold a phone number, e-mail address or card number and is passed on untouched without
/// calling the text redactor. The formatted message is always checked as a whole too, since a number can be assembled from values
/// that each look harmless (<c>"+1 ({Area}) {Exchange}-{Line}"</c>); an entry whose values and formatted message hold nothing to
/// redact is passed on as it is, without allocating a replacement state.
/// </para>
/// <para>
/// Values of types that cannot hide personal data behind their text (strings, numbers, booleans, enums, dates and times, GUIDs,
/// <see cref="Uri"/>, <see cref="Version"/>) are checked as text and passed on as they are when clean. A value or scope of any other
/// type (a record, a class, a dictionary given as a value) is passed on as its redacted <c>ToString()</c> text, never as the object: structured providers would otherwise destructure (<c>{@Caller}</c>) properties
/// that its <c>ToString()</c> does not show. Scopes that are sequences of <c>KeyValuePair&lt;string, T&gt;</c> are passed on as a
/// redacted list of pairs. A log state that is not a list of pairs nor a string is replaced by the redacted message.
/// </para>
/// </remarks>
internal sealed class LogEntryRedactor(ITextRedactor textRedactor)
{
    private const string OriginalFormatKey = "{OriginalFormat}";
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@");
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Key, PropertyInfo Value)?> PairAccessors = new();

    /// <summary>Returns the redacted text, or the same instance when it holds nothing to redact.</summary>
    public string? RedactText(string? text)
        => text is null || !text.AsSpan().ContainsAny(Triggers) ? text : textRedactor.Redact(text) ?? string.Empty;

    /// <summary>
    /// Returns the redacted value (as a string), or the same instance when it is of a known-safe type and holds nothing to redact; a
    /// value of any other type is always returned as its redacted text.
    /// </summary>
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
            case Int128 or UInt128 or nint or nuint or BigInteger:
                return RedactInteger(value);
            case float or double or decimal or Half:
            case Uri or Version:
                // Their text is all they hold: checked as text, passed on as they are when it holds nothing to redact.
                return RedactFormatted(value);
            case IEnumerable sequence:
                return RedactSequence(sequence);
            default:
                // Never pass an arbitrary object on: a structured provider could destructure properties its ToString() hides.
                return RedactedString(value);
        }
    }

    /// <summary>
    /// Returns the state to pass on in place of <paramref name="state"/>, or <see langword="null"/> when it holds nothing to redact.
    /// </summary>
    public RedactedLogState? RedactState<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var list = state switch
        {
            IReadOnlyList<KeyValuePair<string, object?>> readOnlyList => readOnlyList,
            IEnumerable<KeyValuePair<string, object?>> pairs => new List<KeyValuePair<string, object?>>(pairs),
            _ => null,
        };
        if (list is not null)
        {
            var values = RedactValues(list);
            var formatted = formatter(state, exception);
            if (values is not null)
            {
                return new RedactedLogState(RedactMessage(formatted, list, values), values);
            }

            // Each value is harmless, but together they can spell a number: "+1 ({Area}) {Exchange}-{Line}".
            var redactedMessage = RedactText(formatted);
            if (ReferenceEquals(redactedMessage, formatted))
            {
                return null;
            }

            var copy = new KeyValuePair<string, object?>[list.Count];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = list[i];
            }

            return new RedactedLogState(redactedMessage ?? string.Empty, copy);
        }

        var message = formatter(state, exception);
        var redacted = RedactText(message);
        if (state is null or string && ReferenceEquals(message, redacted))
        {
            return null;
        }

        // Any other state object is not passed on: a structured provider could read properties the message does not show.
        return new RedactedLogState(redacted ?? string.Empty, []);
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
                return RedactPairs(scope, list);
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                return RedactPairs(scope, new List<KeyValuePair<string, object?>>(pairs));
            case IEnumerable sequence when PairsOf(sequence) is { } generic:
                return RedactPairs(scope, generic);
            default:
                var redactedValue = RedactValue(scope);
                return ReferenceEquals(redactedValue, scope) ? null : redactedValue;
        }
    }

    /// <summary>
    /// Returns a <see cref="RedactedException"/> in place of an exception whose text or <see cref="Exception.Data"/> (its own, its
    /// inner exceptions' or an <see cref="AggregateException"/>'s) holds personal data, or <see langword="null"/> when there is nothing
    /// to redact.
    /// </summary>
    /// <remarks>
    /// <see cref="Exception.ToString"/> does not include <see cref="Exception.Data"/>, but structured providers (Serilog, Application
    /// Insights) write it. The replacement carries the outer exception's <c>Data</c> with keys and values redacted (values of other
    /// than known-safe types as their redacted text); the <c>Data</c> of inner exceptions is dropped, as the inner exceptions are.
    /// </remarks>
    public RedactedException? RedactException(Exception? exception)
    {
        if (exception is null or RedactedException)
        {
            return null;
        }

        var text = exception.ToString();
        var redactedText = RedactText(text);
        if (ReferenceEquals(text, redactedText) && !DataNeedsRedaction(exception, 0))
        {
            return null;
        }

        var redacted = new RedactedException(
            exception.GetType().FullName ?? exception.GetType().Name,
            RedactText(exception.Message) ?? string.Empty,
            RedactText(exception.StackTrace),
            redactedText ?? string.Empty,
            exception.HResult);
        foreach (DictionaryEntry entry in exception.Data)
        {
            var key = RedactValue(entry.Key);
            if (key is not null)
            {
                redacted.Data[key] = RedactValue(entry.Value);
            }
        }

        return redacted;
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

    // Exception.Data of the exception and of every inner exception; the depth guards against cycles.
    private bool DataNeedsRedaction(Exception exception, int depth)
    {
        if (depth > 32)
        {
            return false;
        }

        foreach (DictionaryEntry entry in exception.Data)
        {
            if (!ReferenceEquals(RedactValue(entry.Key), entry.Key) || !ReferenceEquals(RedactValue(entry.Value), entry.Value))
            {
                return true;
            }
        }

        if (exception is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions)
            {
                if (DataNeedsRedaction(inner, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        return exception.InnerException is { } innerException && DataNeedsRedaction(innerException, depth + 1);
    }

    private RedactedLogState? RedactPairs(object scope, IReadOnlyList<KeyValuePair<string, object?>> pairs)
    {
        var values = RedactValues(pairs);
        var text = scope.ToString();
        if (values is not null)
        {
            return new RedactedLogState(RedactMessage(text, pairs, values), values);
        }

        // Harmless values can spell a number together: BeginScope("Caller {Cc}{Nat}", "+91", national).
        var redactedText = RedactText(text);
        if (ReferenceEquals(redactedText, text))
        {
            return null;
        }

        var copy = new KeyValuePair<string, object?>[pairs.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = pairs[i];
        }

        return new RedactedLogState(redactedText ?? string.Empty, copy);
    }

    // Any other IEnumerable<KeyValuePair<string, T>> (a Dictionary<string, string>, say), read as pairs of string and object.
    private static List<KeyValuePair<string, object?>>? PairsOf(IEnumerable sequence)
    {
        if (PairAccessors.GetOrAdd(sequence.GetType(), FindPairAccessors) is not { } accessors)
        {
            return null;
        }

        var pairs = new List<KeyValuePair<string, object?>>();
        foreach (var item in sequence)
        {
            pairs.Add(new((string?)accessors.Key.GetValue(item) ?? string.Empty, accessors.Value.GetValue(item)));
        }

        return pairs;
    }

    private static (PropertyInfo Key, PropertyInfo Value)? FindPairAccessors(Type type)
    {
        foreach (var contract in type.GetInterfaces())
        {
            if (contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                && contract.GetGenericArguments()[0] is { IsGenericType: true } item
                && item.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
                && item.GetGenericArguments()[0] == typeof(string))
            {
                return (item.GetProperty(nameof(KeyValuePair<string, object>.Key))!, item.GetProperty(nameof(KeyValuePair<string, object>.Value))!);
            }
        }

        return null;
    }

    // The redacted text of a value that is not passed on as an object.
    private string RedactedString(object value)
    {
        var text = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
        return RedactText(text) ?? string.Empty;
    }
}
