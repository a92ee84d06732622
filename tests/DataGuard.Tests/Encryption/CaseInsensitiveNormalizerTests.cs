// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Encryption;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class CaseInsensitiveNormalizerTests
{
    [Theory]
    [InlineData("alice@example.com", "ALICE@EXAMPLE.COM")]
    [InlineData("  Alice@Example.Com\t", "ALICE@EXAMPLE.COM")]
    [InlineData("ａｌｉｃｅ", "ALICE")]
    [InlineData("ﬁle", "FILE")]
    [InlineData("", "")]
    public void Normalize_Values_TrimmedNfkcUpperInvariant(string value, string expected)
        => Assert.Equal(expected, new CaseInsensitiveNormalizer().Normalize(value));

    [Fact]
    public void Name_IsCaseInsensitive() => Assert.Equal(BlindIndexNormalizers.CaseInsensitive, new CaseInsensitiveNormalizer().Name);

    [Fact]
    public void Normalize_Null_Throws() => Assert.Throws<ArgumentNullException>(() => new CaseInsensitiveNormalizer().Normalize(null!));
}
