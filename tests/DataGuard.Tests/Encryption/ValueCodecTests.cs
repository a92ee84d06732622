// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using DataGuard.Encryption;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class ValueCodecTests
{
    public static TheoryData<short> Shorts => new() { short.MinValue, -1, 0, 1, short.MaxValue };

    public static TheoryData<int> Ints => new() { int.MinValue, -1, 0, 1, 73519842, int.MaxValue };

    public static TheoryData<long> Longs => new() { long.MinValue, -1, 0, 1, 9_876_543_210, long.MaxValue };

    public static TheoryData<float> Floats => new()
    {
        float.MinValue, float.MaxValue, float.Epsilon, -float.Epsilon, 0f, -0f, 3.25f, float.NaN, float.PositiveInfinity, float.NegativeInfinity,
    };

    public static TheoryData<double> Doubles => new()
    {
        double.MinValue, double.MaxValue, double.Epsilon, 0d, -0d, Math.PI, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
    };

    public static TheoryData<decimal> Decimals => new()
    {
        decimal.MinValue, decimal.MaxValue, decimal.Zero, decimal.MinusOne, 1.10m, 1234.5600m, -0.0000000000000000000000000001m, 7.9228162514264337593543950335m,
    };

    public static TheoryData<Guid> Guids => new()
    {
        Guid.Empty, Guid.AllBitsSet, Guid.Parse("00112233-4455-6677-8899-aabbccddeeff", CultureInfo.InvariantCulture), Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", CultureInfo.InvariantCulture),
    };

    public static TheoryData<DateTime> DateTimes => new()
    {
        DateTime.MinValue,
        DateTime.MaxValue,
        DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567),
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Unspecified).AddTicks(7),
        new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Local),
    };

    public static TheoryData<DateTimeOffset> DateTimeOffsets => new()
    {
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
        DateTimeOffset.UnixEpoch,
        new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(330)).AddTicks(1234567),
        new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(-5)),
        new DateTimeOffset(DateTime.MinValue.AddHours(5.5), TimeSpan.FromMinutes(330)),
        new DateTimeOffset(DateTime.MaxValue.AddHours(-5), TimeSpan.FromHours(-5)),
        new DateTimeOffset(DateTime.MinValue, TimeSpan.FromHours(-5)),
        new DateTimeOffset(DateTime.MaxValue, TimeSpan.FromMinutes(330)),
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)),
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)),
    };

    public static TheoryData<DateOnly> DateOnlys => new() { DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2024, 2, 29) };

    public static TheoryData<TimeOnly> TimeOnlys => new() { TimeOnly.MinValue, TimeOnly.MaxValue, new TimeOnly(12, 34, 56, 789) };

    public static TheoryData<TimeSpan> TimeSpans => new() { TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.Zero, TimeSpan.FromTicks(-1), new TimeSpan(1, 2, 3, 4, 5) };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_Bool_RoundTrips(bool value) => Assert.Equal(value, RoundTrip(value, 1));

    [Theory]
    [MemberData(nameof(Shorts))]
    public void Read_Short_RoundTrips(short value) => Assert.Equal(value, RoundTrip(value, 2));

    [Theory]
    [MemberData(nameof(Ints))]
    public void Read_Int_RoundTrips(int value) => Assert.Equal(value, RoundTrip(value, 4));

    [Theory]
    [MemberData(nameof(Longs))]
    public void Read_Long_RoundTrips(long value) => Assert.Equal(value, RoundTrip(value, 8));

    [Theory]
    [MemberData(nameof(Floats))]
    public void Read_Float_RoundTripsBitForBit(float value)
        => Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(RoundTrip(value, 4)));

    [Theory]
    [MemberData(nameof(Doubles))]
    public void Read_Double_RoundTripsBitForBit(double value)
        => Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(RoundTrip(value, 8)));

    [Theory]
    [MemberData(nameof(Decimals))]
    public void Read_Decimal_RoundTripsWithScale(decimal value)
    {
        var result = RoundTrip(value, 16);
        Assert.Equal(value, result);
        Assert.Equal(decimal.GetBits(value), decimal.GetBits(result));
        Assert.Equal(value.Scale, result.Scale);
    }

    [Theory]
    [MemberData(nameof(Guids))]
    public void Read_Guid_RoundTrips(Guid value) => Assert.Equal(value, RoundTrip(value, 16));

    [Theory]
    [MemberData(nameof(DateTimes))]
    public void Read_DateTime_RoundTripsWithKind(DateTime value)
    {
        var result = RoundTrip(value, 8);
        Assert.Equal(value, result);
        Assert.Equal(value.Kind, result.Kind);
        Assert.Equal(value.Ticks, result.Ticks);
    }

    [Theory]
    [MemberData(nameof(DateTimeOffsets))]
    public void Read_DateTimeOffset_RoundTripsWithOffset(DateTimeOffset value)
    {
        var result = RoundTrip(value, 10);
        Assert.Equal(value, result);
        Assert.Equal(value.Offset, result.Offset);
        Assert.Equal(value.DateTime, result.DateTime);
    }

    [Theory]
    [MemberData(nameof(DateOnlys))]
    public void Read_DateOnly_RoundTrips(DateOnly value) => Assert.Equal(value, RoundTrip(value, 4));

    [Theory]
    [MemberData(nameof(TimeOnlys))]
    public void Read_TimeOnly_RoundTrips(TimeOnly value) => Assert.Equal(value, RoundTrip(value, 8));

    [Theory]
    [MemberData(nameof(TimeSpans))]
    public void Read_TimeSpan_RoundTrips(TimeSpan value) => Assert.Equal(value, RoundTrip(value, 8));

    [Fact]
    public void Write_Layout_LittleEndianNumbersBigEndianGuidOffsetAfterUtcTicks()
    {
        var buffer = new byte[ValueCodec.MaxSize];

        Assert.Equal(4, ValueCodec.Write(0x01020304, buffer));
        Assert.Equal(new byte[] { 4, 3, 2, 1 }, buffer[..4]);

        var guid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff", CultureInfo.InvariantCulture);
        Assert.Equal(16, ValueCodec.Write(guid, buffer));
        Assert.Equal(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"), buffer);

        var dto = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(-300));
        Assert.Equal(10, ValueCodec.Write(dto, buffer));
        Assert.Equal(dto.UtcTicks, BitConverter.ToInt64(buffer, 0));
        Assert.Equal((short)-300, BitConverter.ToInt16(buffer, 8));
    }

    [Fact]
    public void Read_WrongLength_ThrowsFormatExceptionForEveryType()
    {
        AssertWrongLength<bool>(1);
        AssertWrongLength<short>(2);
        AssertWrongLength<int>(4);
        AssertWrongLength<long>(8);
        AssertWrongLength<float>(4);
        AssertWrongLength<double>(8);
        AssertWrongLength<decimal>(16);
        AssertWrongLength<Guid>(16);
        AssertWrongLength<DateTime>(8);
        AssertWrongLength<DateTimeOffset>(10);
        AssertWrongLength<DateOnly>(4);
        AssertWrongLength<TimeOnly>(8);
        AssertWrongLength<TimeSpan>(8);
    }

    [Fact]
    public void Read_BoolOtherThanZeroOrOne_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => ValueCodec.Read<bool>([2]));
    }

    [Fact]
    public void Read_OutOfRangeBytes_ThrowsFormatExceptionWithoutTheValue()
    {
        var ex = Assert.Throws<FormatException>(() => ValueCodec.Read<DateOnly>(BitConverter.GetBytes(73519842)));
        Assert.DoesNotContain("73519842", ex.ToString(), StringComparison.Ordinal);
        ex = Assert.Throws<FormatException>(() => ValueCodec.Read<TimeOnly>(BitConverter.GetBytes(-73519842L)));
        Assert.DoesNotContain("73519842", ex.ToString(), StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ValueCodec.Read<DateTime>(BitConverter.GetBytes(long.MaxValue)));

        // An offset of 15 hours is out of range.
        var dto = new byte[10];
        BitConverter.GetBytes(DateTimeOffset.UnixEpoch.UtcTicks).CopyTo(dto, 0);
        BitConverter.GetBytes((short)(15 * 60)).CopyTo(dto, 8);
        Assert.Throws<FormatException>(() => ValueCodec.Read<DateTimeOffset>(dto));

        // A decimal scale of 29 is invalid.
        var dec = new byte[16];
        BitConverter.GetBytes(29 << 16).CopyTo(dec, 12);
        Assert.Throws<FormatException>(() => ValueCodec.Read<decimal>(dec));
    }

    [Fact]
    public void WriteAndRead_UnsupportedType_ThrowNotSupportedException()
    {
        Assert.Throws<NotSupportedException>(() => ValueCodec.Write('x', new byte[ValueCodec.MaxSize]));
        Assert.Throws<NotSupportedException>(() => ValueCodec.Read<char>([1, 0]));
        Assert.Throws<NotSupportedException>(() => ValueCodec.WriteLegacyText(typeof(char), "x", new byte[ValueCodec.MaxSize]));
    }

    [Fact]
    public void SupportedTypes_AreTheThirteenDocumentedValueTypes()
    {
        Type[] expected =
        [
            typeof(bool), typeof(short), typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal),
            typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan),
        ];

        Assert.Equal(expected, ValueCodec.SupportedTypes);
        Assert.All(expected, t => Assert.True(ValueCodec.IsSupported(t)));
        Assert.False(ValueCodec.IsSupported(typeof(string)));
        Assert.False(ValueCodec.IsSupported(typeof(int?)));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData(" 1 ", true)]
    [InlineData("0", false)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    public void WriteLegacyText_Bool_AcceptsDigitsAndWords(string text, bool expected)
    {
        var buffer = new byte[ValueCodec.MaxSize];
        var length = ValueCodec.WriteLegacyText(typeof(bool), text, buffer);
        Assert.Equal(expected, ValueCodec.Read<bool>(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void WriteLegacyText_EveryType_ParsesInvariantText()
    {
        Assert.Equal((short)-7, Legacy<short>("-7"));
        Assert.Equal(int.MinValue, Legacy<int>("-2147483648"));
        Assert.Equal(long.MaxValue, Legacy<long>("9223372036854775807"));
        Assert.Equal(1.5f, Legacy<float>("1.5"));
        Assert.Equal(1e300, Legacy<double>("1E+300"));
        Assert.Equal(1234.50m, Legacy<decimal>("1,234.50"));
        Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff", CultureInfo.InvariantCulture), Legacy<Guid>("00112233445566778899aabbccddeeff"));
        var local = Legacy<DateTime>("2024-05-06T07:08:09");
        Assert.Equal(DateTimeKind.Unspecified, local.Kind);
        Assert.Equal(DateTimeKind.Utc, Legacy<DateTime>("2024-05-06T07:08:09Z").Kind);
        var offset = Legacy<DateTimeOffset>("2024-05-06T07:08:09-05:00");
        Assert.Equal(TimeSpan.FromHours(-5), offset.Offset);
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9), offset.DateTime);
        Assert.Equal(new DateOnly(2024, 5, 6), Legacy<DateOnly>("2024-05-06"));
        Assert.Equal(new TimeOnly(23, 59), Legacy<TimeOnly>("23:59"));
        Assert.Equal(TimeSpan.FromHours(-36), Legacy<TimeSpan>("-1.12:00:00"));
    }

    [Theory]
    [InlineData(typeof(int), "PIN-73519842")]
    [InlineData(typeof(int), "735198420000000")]
    [InlineData(typeof(short), "73519842")]
    [InlineData(typeof(bool), "73519842")]
    [InlineData(typeof(Guid), "73519842")]
    [InlineData(typeof(DateOnly), "73519842")]
    [InlineData(typeof(decimal), "x73519842")]
    public void WriteLegacyText_Unparseable_FormatExceptionWithoutTheText(Type type, string text)
    {
        var ex = Assert.Throws<FormatException>(() => ValueCodec.WriteLegacyText(type, text, new byte[ValueCodec.MaxSize]));
        Assert.DoesNotContain("73519842", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains(type.Name, ex.Message, StringComparison.Ordinal);
    }

    private static T RoundTrip<T>(T value, int expectedSize)
        where T : struct
    {
        var buffer = new byte[ValueCodec.MaxSize];
        var length = ValueCodec.Write(value, buffer);
        Assert.Equal(expectedSize, length);
        return ValueCodec.Read<T>(buffer.AsSpan(0, length));
    }

    private static void AssertWrongLength<T>(int size)
        where T : struct
    {
        Assert.Throws<FormatException>(() => ValueCodec.Read<T>(new byte[size - 1]));
        Assert.Throws<FormatException>(() => ValueCodec.Read<T>(new byte[size + 1]));
        Assert.Throws<FormatException>(() => ValueCodec.Read<T>([]));
    }

    private static T Legacy<T>(string text)
        where T : struct
    {
        var buffer = new byte[ValueCodec.MaxSize];
        var length = ValueCodec.WriteLegacyText(typeof(T), text, buffer);
        return ValueCodec.Read<T>(buffer.AsSpan(0, length));
    }
}
