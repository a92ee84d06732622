// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Encryption;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class OrdinalNormalizerTests
{
    [Theory]
    [InlineData("Alice ")]
    [InlineData(" +91 98765 43210")]
    [InlineData("ａ")]
    [InlineData("")]
    public void Normalize_Values_Unchanged(string value) => Assert.Same(value, new OrdinalNormalizer().Normalize(value));

    [Fact]
    public void Name_IsOrdinal() => Assert.Equal(BlindIndexNormalizers.Ordinal, new OrdinalNormalizer().Name);
}
