// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Encryption;

/// <summary>Keeps decimal digits and a leading plus sign.</summary>
internal sealed class DigitsNormalizer : IBlindIndexNormalizer
{
    public string Name => BlindIndexNormalizers.Digits;

    public string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.AsSpan().Trim();
        var plus = trimmed.StartsWith('+');
        return string.Create(Count(trimmed) + (plus ? 1 : 0), (plus, value), static (destination, state) =>
        {
            var i = 0;
            if (state.plus)
            {
                destination[i++] = '+';
            }

            foreach (var c in state.value)
            {
                if (char.IsAsciiDigit(c))
                {
                    destination[i++] = c;
                }
            }
        });
    }

    private static int Count(ReadOnlySpan<char> value)
    {
        var count = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }
}
