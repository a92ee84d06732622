// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Xunit;

namespace DataGuard.Abstractions.Tests;

public sealed class KeyIdTests
{
    [Fact]
    public void ToString_IsThirtyTwoLowercaseHexDigits_AndParsesBack()
    {
        var id = KeyId.New();

        var text = id.ToString();

        Assert.Matches("^[0-9a-f]{32}$", text);
        Assert.Equal(id, KeyId.Parse(text));
        Assert.True(KeyId.TryParse(text, out var parsed));
        Assert.Equal(id, parsed);
    }

    [Fact]
    public void New_TwoCalls_DifferentIds() => Assert.NotEqual(KeyId.New(), KeyId.New());

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("3f2a0c1e-8b7d-4c6e-9a5b-1d2e3f4a5b6c")]
    [InlineData("3f2a0c1e8b7d4c6e9a5b1d2e3f4a5b6")]
    public void Parse_InvalidText_ThrowsFormatExceptionAndTryParseFails(string text)
    {
        Assert.Throws<FormatException>(() => KeyId.Parse(text));
        Assert.False(KeyId.TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => KeyId.Parse(null!));
        Assert.False(KeyId.TryParse(null, out _));
    }
}
