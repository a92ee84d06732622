// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace DataGuard.EFCore.Retention;

/// <summary>Converts tenant ids and record keys between their invariant text and a property's CLR type.</summary>
internal static class RetentionValues
{
    /// <summary>The value of <paramref name="text"/> as <paramref name="clrType"/>, or <see langword="null"/> when it is not one.</summary>
    public static object? FromText(string text, Type clrType)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(Guid))
        {
            return Guid.TryParse(text, out var guid) ? guid : null;
        }

        if (type.IsEnum)
        {
            return Enum.TryParse(type, text, ignoreCase: false, out var value) ? value : null;
        }

        try
        {
            return Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The invariant text of a tenant or key value (Guid "D", numbers invariant).</summary>
    public static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s,
        Guid g => g.ToString("D"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>A typed array (of <paramref name="elementType"/>) of the values.</summary>
    public static Array ToArray(IReadOnlyCollection<object?> values, Type elementType)
    {
        var array = Array.CreateInstance(elementType, values.Count);
        var i = 0;
        foreach (var value in values)
        {
            array.SetValue(value, i++);
        }

        return array;
    }

    /// <summary>The values of <paramref name="texts"/> that convert to <paramref name="elementType"/>, as a typed array.</summary>
    public static Array FromTexts(IEnumerable<string> texts, Type elementType)
    {
        var values = new List<object?>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (seen.Add(text) && FromText(text, elementType) is { } value)
            {
                values.Add(value);
            }
        }

        return ToArray(values, elementType);
    }
}
