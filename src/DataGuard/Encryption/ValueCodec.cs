// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;

namespace DataGuard.Encryption;

/// <summary>
/// The documented byte encoding of value types before encryption (docs/encryption.md, "Value types"). Little-endian unless stated.
/// </summary>
internal static class ValueCodec
{
    public const int MaxSize = 16;

    private static readonly Type[] Supported =
    [
        typeof(bool), typeof(short), typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal),
        typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan),
    ];

    public static IReadOnlyList<Type> SupportedTypes => Supported;

    public static bool IsSupported(Type type) => Array.IndexOf(Supported, type) >= 0;

    public static int Write<T>(T value, Span<byte> destination)
        where T : struct
    {
        if (typeof(T) == typeof(bool))
        {
            destination[0] = (bool)(object)value ? (byte)1 : (byte)0;
            return 1;
        }

        if (typeof(T) == typeof(short))
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination, (short)(object)value);
            return 2;
        }

        if (typeof(T) == typeof(int))
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination, (int)(object)value);
            return 4;
        }

        if (typeof(T) == typeof(long))
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination, (long)(object)value);
            return 8;
        }

        if (typeof(T) == typeof(float))
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination, (float)(object)value);
            return 4;
        }

        if (typeof(T) == typeof(double))
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination, (double)(object)value);
            return 8;
        }

        if (typeof(T) == typeof(decimal))
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits((decimal)(object)value, bits);
            for (var i = 0; i < 4; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(destination[(i * 4)..], bits[i]);
            }

            return 16;
        }

        if (typeof(T) == typeof(Guid))
        {
            ((Guid)(object)value).TryWriteBytes(destination, bigEndian: true, out _);
            return 16;
        }

        if (typeof(T) == typeof(DateTime))
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination, ((DateTime)(object)value).ToBinary());
            return 8;
        }

        if (typeof(T) == typeof(DateTimeOffset))
        {
            var dto = (DateTimeOffset)(object)value;
            BinaryPrimitives.WriteInt64LittleEndian(destination, dto.UtcTicks);
            BinaryPrimitives.WriteInt16LittleEndian(destination[8..], (short)dto.TotalOffsetMinutes);
            return 10;
        }

        if (typeof(T) == typeof(DateOnly))
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination, ((DateOnly)(object)value).DayNumber);
            return 4;
        }

        if (typeof(T) == typeof(TimeOnly))
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination, ((TimeOnly)(object)value).Ticks);
            return 8;
        }

        if (typeof(T) == typeof(TimeSpan))
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination, ((TimeSpan)(object)value).Ticks);
            return 8;
        }

        throw new NotSupportedException($"DataGuard cannot encrypt values of type {typeof(T).Name}.");
    }

    public static T Read<T>(ReadOnlySpan<byte> source)
        where T : struct
    {
        try
        {
            return ReadCore<T>(source);
        }
        catch (ArgumentException)
        {
            // Out-of-range bytes (a day number, ticks, an offset): the runtime's message carries the value, so it is not kept.
            throw new FormatException($"The decrypted bytes are not a valid {typeof(T).Name}.");
        }
    }

    /// <summary>
    /// Encodes the invariant-culture text of a legacy plaintext value (plaintext migration) of <paramref name="type"/>.
    /// </summary>
    /// <exception cref="FormatException">The text is not a value of <paramref name="type"/> (the message never contains the text).</exception>
    public static int WriteLegacyText(Type type, string text, Span<byte> destination)
    {
        try
        {
            return WriteLegacyTextCore(type, text, destination);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            // The runtime's parse messages quote the input, which is personal data: they are not kept.
            throw new FormatException($"A legacy plaintext value is not a valid {type.Name} in the invariant culture.");
        }
    }

    private static T ReadCore<T>(ReadOnlySpan<byte> source)
        where T : struct
    {
        if (typeof(T) == typeof(bool))
        {
            Expect(source, 1);
            return source[0] switch
            {
                0 => (T)(object)false,
                1 => (T)(object)true,
                _ => throw new FormatException("An encrypted bool is 0 or 1."),
            };
        }

        if (typeof(T) == typeof(short))
        {
            Expect(source, 2);
            return (T)(object)BinaryPrimitives.ReadInt16LittleEndian(source);
        }

        if (typeof(T) == typeof(int))
        {
            Expect(source, 4);
            return (T)(object)BinaryPrimitives.ReadInt32LittleEndian(source);
        }

        if (typeof(T) == typeof(long))
        {
            Expect(source, 8);
            return (T)(object)BinaryPrimitives.ReadInt64LittleEndian(source);
        }

        if (typeof(T) == typeof(float))
        {
            Expect(source, 4);
            return (T)(object)BinaryPrimitives.ReadSingleLittleEndian(source);
        }

        if (typeof(T) == typeof(double))
        {
            Expect(source, 8);
            return (T)(object)BinaryPrimitives.ReadDoubleLittleEndian(source);
        }

        if (typeof(T) == typeof(decimal))
        {
            Expect(source, 16);
            Span<int> bits = stackalloc int[4];
            for (var i = 0; i < 4; i++)
            {
                bits[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
            }

            return (T)(object)new decimal(bits);
        }

        if (typeof(T) == typeof(Guid))
        {
            Expect(source, 16);
            return (T)(object)new Guid(source, bigEndian: true);
        }

        if (typeof(T) == typeof(DateTime))
        {
            Expect(source, 8);
            return (T)(object)DateTime.FromBinary(BinaryPrimitives.ReadInt64LittleEndian(source));
        }

        if (typeof(T) == typeof(DateTimeOffset))
        {
            Expect(source, 10);
            var utcTicks = BinaryPrimitives.ReadInt64LittleEndian(source);
            var offset = TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(source[8..]));
            return (T)(object)new DateTimeOffset(utcTicks + offset.Ticks, offset);
        }

        if (typeof(T) == typeof(DateOnly))
        {
            Expect(source, 4);
            return (T)(object)DateOnly.FromDayNumber(BinaryPrimitives.ReadInt32LittleEndian(source));
        }

        if (typeof(T) == typeof(TimeOnly))
        {
            Expect(source, 8);
            return (T)(object)new TimeOnly(BinaryPrimitives.ReadInt64LittleEndian(source));
        }

        if (typeof(T) == typeof(TimeSpan))
        {
            Expect(source, 8);
            return (T)(object)new TimeSpan(BinaryPrimitives.ReadInt64LittleEndian(source));
        }

        throw new NotSupportedException($"DataGuard cannot decrypt values of type {typeof(T).Name}.");
    }

    private static int WriteLegacyTextCore(Type type, string text, Span<byte> destination)
    {
        var c = CultureInfo.InvariantCulture;
        if (type == typeof(bool))
        {
            return Write(text.Trim() switch { "1" => true, "0" => false, var other => bool.Parse(other) }, destination);
        }

        if (type == typeof(short))
        {
            return Write(short.Parse(text, NumberStyles.Integer, c), destination);
        }

        if (type == typeof(int))
        {
            return Write(int.Parse(text, NumberStyles.Integer, c), destination);
        }

        if (type == typeof(long))
        {
            return Write(long.Parse(text, NumberStyles.Integer, c), destination);
        }

        if (type == typeof(float))
        {
            return Write(float.Parse(text, NumberStyles.Float, c), destination);
        }

        if (type == typeof(double))
        {
            return Write(double.Parse(text, NumberStyles.Float, c), destination);
        }

        if (type == typeof(decimal))
        {
            return Write(decimal.Parse(text, NumberStyles.Number, c), destination);
        }

        if (type == typeof(Guid))
        {
            return Write(Guid.Parse(text, c), destination);
        }

        if (type == typeof(DateTime))
        {
            return Write(DateTime.Parse(text, c, DateTimeStyles.RoundtripKind), destination);
        }

        if (type == typeof(DateTimeOffset))
        {
            return Write(DateTimeOffset.Parse(text, c, DateTimeStyles.RoundtripKind), destination);
        }

        if (type == typeof(DateOnly))
        {
            return Write(DateOnly.Parse(text, c), destination);
        }

        if (type == typeof(TimeOnly))
        {
            return Write(TimeOnly.Parse(text, c), destination);
        }

        if (type == typeof(TimeSpan))
        {
            return Write(TimeSpan.Parse(text, c), destination);
        }

        throw new NotSupportedException($"DataGuard cannot migrate plaintext values of type {type.Name}.");
    }

    private static void Expect(ReadOnlySpan<byte> source, int length)
    {
        if (source.Length != length)
        {
            throw new FormatException($"The decrypted value has {source.Length} bytes where {length} were expected.");
        }
    }
}
