// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using DataGuard.Encryption;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Encryption;

/// <summary>Blind indexes of <see cref="ColumnProtector"/>.</summary>
public sealed partial class ColumnProtectorTests
{
    [Fact]
    public async Task ComputeBlindIndex_SameValueSameColumn_Deterministic()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(searchable: true);
        var again = harness.CreateProtector(searchable: true);

        var index = protector.ComputeBlindIndex(Sample);

        Assert.Equal(index, protector.ComputeBlindIndex(Sample));
        Assert.Equal(index, again.ComputeBlindIndex(Sample));
        Assert.NotEqual(index, protector.ComputeBlindIndex("+91 98765 43211"));
        Assert.DoesNotContain("98765", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComputeBlindIndex_SameValueOtherColumn_Differs()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var phone = harness.CreateProtector(table: "Contacts", column: "Phone", searchable: true);
        var mobile = harness.CreateProtector(table: "Customers", column: "Mobile", searchable: true);
        var renamed = harness.CreateProtector(table: "People", column: "Number", associatedDataName: "Contacts.Phone", searchable: true);

        Assert.NotEqual(phone.ComputeBlindIndex(Sample), mobile.ComputeBlindIndex(Sample));
        Assert.NotEqual(phone.ComputeBlindIndex([1, 2, 3]), mobile.ComputeBlindIndex([1, 2, 3]));
        Assert.NotEqual(phone.ComputeBlindIndex(73519842), mobile.ComputeBlindIndex(73519842));

        // The index follows the associated-data name, not the table and column.
        Assert.Equal(phone.ComputeBlindIndex(Sample), renamed.ComputeBlindIndex(Sample));
    }

    [Fact]
    public async Task ComputeBlindIndex_AnotherKeyRing_Differs()
    {
        await using var first = await EncryptionHarness.CreateAsync();
        await using var second = await EncryptionHarness.CreateAsync();

        Assert.NotEqual(first.CreateProtector().ComputeBlindIndex(Sample), second.CreateProtector().ComputeBlindIndex(Sample));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(20)]
    [InlineData(32)]
    public async Task ComputeBlindIndex_Length_FollowsBlindIndexSize(int size)
    {
        await using var harness = await EncryptionHarness.CreateAsync(o => o.BlindIndexSize = size);
        var protector = harness.CreateProtector(searchable: true);

        var index = protector.ComputeBlindIndex(Sample);

        Assert.Equal(size, protector.IndexSize);
        Assert.Equal(size, Base64Url.DecodeFromChars(index).Length);
        Assert.Equal(protector.IndexTextLength, index.Length);
        Assert.Equal(size, Base64Url.DecodeFromChars(protector.ComputeBlindIndex([1, 2])).Length);
        Assert.Equal(size, Base64Url.DecodeFromChars(protector.ComputeBlindIndex(42L)).Length);
    }

    [Fact]
    public async Task ComputeBlindIndex_Value_IsTruncatedHmacUnderPerColumnKey()
    {
        using var kek = new RecordingKeyEncryptionKey();
        await using var harness = await EncryptionHarness.CreateAsync(keyEncryptionKey: kek);
        var protector = harness.CreateProtector(table: "CallLogs", column: "CallerNumber", searchable: true, normalizer: BlindIndexNormalizers.Digits);
        var indexKey = harness.Manager.GetKeys().Single(k => k.Purpose == KeyPurpose.BlindIndex && k.IsActive).Id;

        // HMAC-SHA256(HKDF-SHA256(master, info: "DataGuard/v1/blind-index/" + name), normalised UTF-8), first BlindIndexSize bytes.
        var info = Encoding.ASCII.GetBytes("DataGuard/v1/blind-index/CallLogs.CallerNumber");
        var columnKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, kek.MaterialOf(indexKey), 32, salt: [], info);
        var expected = Base64Url.EncodeToString(HMACSHA256.HashData(columnKey, "+919876543210"u8).AsSpan(0, 16));

        Assert.Equal(expected, protector.ComputeBlindIndex(Sample));
    }

    [Fact]
    public async Task ComputeBlindIndex_DigitsNormalizer_EqualForEqualPhoneNumbers()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(searchable: true, normalizer: BlindIndexNormalizers.Digits);
        var index = protector.ComputeBlindIndex("+919876543210");

        Assert.Equal(index, protector.ComputeBlindIndex(Sample));
        Assert.Equal(index, protector.ComputeBlindIndex("  +91-98765-43210 "));
        Assert.Equal(index, protector.ComputeBlindIndex("+91 (98765) 432.10"));
        Assert.NotEqual(index, protector.ComputeBlindIndex("919876543210"));
        Assert.NotEqual(index, protector.ComputeBlindIndex("+919876543211"));
    }

    [Fact]
    public async Task ComputeBlindIndex_CaseInsensitiveNormalizer_EqualIgnoringCaseWidthAndOuterSpace()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Email", searchable: true, normalizer: BlindIndexNormalizers.CaseInsensitive);
        var index = protector.ComputeBlindIndex("alice@example.com");

        Assert.Equal(index, protector.ComputeBlindIndex("Alice@Example.COM"));
        Assert.Equal(index, protector.ComputeBlindIndex("  ALICE@EXAMPLE.COM\t"));
        Assert.Equal(index, protector.ComputeBlindIndex("ａｌｉｃｅ@example.com"));
        Assert.NotEqual(index, protector.ComputeBlindIndex("alice@example.org"));
    }

    [Fact]
    public async Task ComputeBlindIndex_OrdinalNormalizer_ExactMatchOnly()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var ordinal = harness.CreateProtector(column: "Name", searchable: true, normalizer: BlindIndexNormalizers.Ordinal);
        var byDefault = harness.CreateProtector(column: "Name", searchable: true);

        Assert.Equal(ordinal.ComputeBlindIndex("Alice"), byDefault.ComputeBlindIndex("Alice"));
        Assert.NotEqual(ordinal.ComputeBlindIndex("Alice"), ordinal.ComputeBlindIndex("alice"));
        Assert.NotEqual(ordinal.ComputeBlindIndex("Alice"), ordinal.ComputeBlindIndex("Alice "));
    }

    [Fact]
    public async Task ComputeBlindIndexCandidates_AfterIndexKeyRotation_NewIndexFirstThenOld()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(searchable: true, normalizer: BlindIndexNormalizers.Digits);
        var old = protector.ComputeBlindIndex(Sample);
        Assert.Equal([old], protector.ComputeBlindIndexCandidates(Sample));

        await harness.Manager.RotateIndexKeyAsync();
        var current = protector.ComputeBlindIndex(Sample);

        Assert.NotEqual(old, current);
        Assert.Equal([current, old], protector.ComputeBlindIndexCandidates(Sample));
        Assert.Equal([current, old], protector.ComputeBlindIndexCandidates("+919876543210"));
    }

    [Fact]
    public async Task ComputeBlindIndexCandidates_TwoRotations_NewestFirst()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(searchable: true);
        var first = protector.ComputeBlindIndex(Sample);
        await harness.Manager.RotateIndexKeyAsync();
        var second = protector.ComputeBlindIndex(Sample);
        await harness.Manager.RotateIndexKeyAsync();
        var third = protector.ComputeBlindIndex(Sample);

        Assert.Equal([third, second, first], protector.ComputeBlindIndexCandidates(Sample));
    }

    [Fact]
    public async Task ComputeBlindIndexCandidates_OldIndexKeyDestroyed_OnlyNewIndex()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(time: time);
        var protector = harness.CreateProtector(searchable: true);
        var oldKey = harness.Manager.GetKeys().Single(k => k.Purpose == KeyPurpose.BlindIndex).Id;

        await harness.Manager.RotateIndexKeyAsync();
        time.Advance(TimeSpan.FromMinutes(11));
        await harness.Manager.DestroyKeyAsync(oldKey);

        Assert.Equal([protector.ComputeBlindIndex(Sample)], protector.ComputeBlindIndexCandidates(Sample));
    }

    [Fact]
    public async Task ComputeBlindIndexCandidates_ValueTypesAndBytes_MatchComputeBlindIndex()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var number = harness.CreateProtector(column: "Pin", valueType: typeof(int), searchable: true);
        var binary = harness.CreateProtector(column: "Hash", valueType: typeof(byte[]), searchable: true);
        var date = new DateOnly(2024, 5, 6);

        Assert.Equal([number.ComputeBlindIndex(73519842)], number.ComputeBlindIndexCandidates(73519842));
        Assert.Equal(number.ComputeBlindIndex(73519842), number.ComputeBlindIndexOfBoxed(73519842));
        Assert.Equal(number.ComputeBlindIndex(date), number.ComputeBlindIndexOfBoxed(date));
        Assert.NotEqual(number.ComputeBlindIndex(73519842), number.ComputeBlindIndex(73519842L));
        Assert.Equal([binary.ComputeBlindIndex([1, 2, 3])], binary.ComputeBlindIndexCandidates(new byte[] { 1, 2, 3 }));
        Assert.Equal(binary.ComputeBlindIndex([1, 2, 3]), binary.ComputeBlindIndexOfBoxed(new byte[] { 1, 2, 3 }));
        Assert.Throws<NotSupportedException>(() => number.ComputeBlindIndexOfBoxed('x'));
    }

    [Fact]
    public async Task ComputeBlindIndexFromPlaintext_StringColumn_NormalisedLikeComputeBlindIndex()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var text = harness.CreateProtector(searchable: true, normalizer: BlindIndexNormalizers.Digits);
        var number = harness.CreateProtector(column: "Pin", valueType: typeof(int), searchable: true);

        Assert.Equal(text.ComputeBlindIndex("+919876543210"), text.ComputeBlindIndexFromPlaintext(Encoding.UTF8.GetBytes(Sample)));
        Assert.Equal(number.ComputeBlindIndex(42), number.ComputeBlindIndexFromPlaintext(BitConverter.GetBytes(42)));
    }
}
