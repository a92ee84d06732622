// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.Encryption;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class FieldEncryptorTests
{
    [Fact]
    public async Task CreateColumnProtector_Settings_CarriedToProtector()
    {
        await using var harness = await EncryptionHarness.CreateAsync(o => o.BlindIndexSize = 24);

        var protector = harness.CreateProtector(
            table: "CallLogs", column: "Caller", associatedDataName: "Calls.Caller", algorithm: EncryptionAlgorithm.Aegis256, searchable: true, normalizer: BlindIndexNormalizers.Digits);

        Assert.Equal("Calls.Caller", protector.LogicalName);
        Assert.Equal(EncryptionAlgorithm.Aegis256, protector.Algorithm);
        Assert.Equal(24, protector.IndexSize);
        Assert.Equal(32, protector.IndexTextLength);
        Assert.Equal(BlindIndexNormalizers.Digits, protector.Normalizer.Name);
        Assert.False(protector.IsBinary);
        Assert.True(harness.CreateProtector(valueType: typeof(byte[])).IsBinary);
        Assert.Equal(BlindIndexNormalizers.Ordinal, harness.CreateProtector().Normalizer.Name);
    }

    [Fact]
    public async Task CreateColumnProtector_UnsupportedType_ThrowsNamingColumnAndSupportedTypes()
    {
        await using var harness = await EncryptionHarness.CreateAsync();

        var ex = Assert.Throws<InvalidOperationException>(() => harness.CreateProtector(table: "Calls", column: "Grade", valueType: typeof(char)));

        Assert.Contains("Calls.Grade", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Char", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DateTimeOffset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateColumnProtector_UnknownAlgorithm_Throws()
    {
        await using var harness = await EncryptionHarness.CreateAsync();

        var ex = Assert.Throws<InvalidOperationException>(() => harness.CreateProtector(algorithm: (EncryptionAlgorithm)9));

        Assert.Contains("Contacts.Phone", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'9' is unknown", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task CreateColumnProtector_EmptyAssociatedDataName_Throws(string name)
    {
        await using var harness = await EncryptionHarness.CreateAsync();

        var ex = Assert.Throws<InvalidOperationException>(() => harness.CreateProtector(associatedDataName: name));

        Assert.Contains("associated-data name is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateColumnProtector_UnknownNormalizer_ThrowsListingRegisteredOnes()
    {
        await using var harness = await EncryptionHarness.CreateAsync();

        var ex = Assert.Throws<InvalidOperationException>(() => harness.CreateProtector(searchable: true, normalizer: "e164"));

        Assert.Contains("'e164'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(BlindIndexNormalizers.Digits, ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddBlindIndexNormalizer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateColumnProtector_NormalizerOnNonString_Throws()
    {
        await using var harness = await EncryptionHarness.CreateAsync();

        var ex = Assert.Throws<InvalidOperationException>(() => harness.CreateProtector(valueType: typeof(int), searchable: true, normalizer: BlindIndexNormalizers.Digits));

        Assert.Contains("string properties only", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(harness.CreateProtector(valueType: typeof(int), searchable: true, normalizer: BlindIndexNormalizers.Ordinal));
    }

    [Fact]
    public async Task CreateColumnProtector_Null_Throws()
    {
        await using var harness = await EncryptionHarness.CreateAsync();

        Assert.Throws<ArgumentNullException>("settings", () => harness.Encryptor.CreateColumnProtector(null!));
    }

    [Theory]
    [InlineData(typeof(string), true)]
    [InlineData(typeof(byte[]), true)]
    [InlineData(typeof(TimeOnly), true)]
    [InlineData(typeof(char), false)]
    [InlineData(typeof(uint), false)]
    [InlineData(typeof(object), false)]
    public void IsSupportedType_Types_AsDocumented(Type type, bool expected)
        => Assert.Equal(expected, FieldEncryptor.IsSupportedType(type));
}
