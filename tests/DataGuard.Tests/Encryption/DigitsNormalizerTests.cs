// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Encryption;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class DigitsNormalizerTests
{
    [Theory]
    [InlineData("+91 98765 43210", "+919876543210")]
    [InlineData("  +91-98765-43210  ", "+919876543210")]
    [InlineData("+1 (555) 010-9999", "+15550109999")]
    [InlineData("0091 98765 43210", "00919876543210")]
    [InlineData("(+91) 98765", "9198765")]
    [InlineData("9+1", "91")]
    [InlineData("", "")]
    [InlineData("+", "+")]
    [InlineData("abc", "")]
    [InlineData("٣٤٥", "")]
    public void Normalize_Values_KeepsAsciiDigitsAndLeadingPlus(string value, string expected)
        => Assert.Equal(expected, new DigitsNormalizer().Normalize(value));

    [Fact]
    public void Name_IsDigits() => Assert.Equal(BlindIndexNormalizers.Digits, new DigitsNormalizer().Name);

    [Fact]
    public void Normalize_Null_Throws() => Assert.Throws<ArgumentNullException>(() => new DigitsNormalizer().Normalize(null!));
}
