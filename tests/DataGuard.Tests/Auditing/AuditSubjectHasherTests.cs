// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Tests.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>Keyed hashes of data subjects (audit records never carry raw identifiers).</summary>
public sealed class AuditSubjectHasherTests
{
    private const string Number = "+91 98765 43210";

    [Theory]
    [InlineData("09876543210")]
    [InlineData("98765 43210")]
    [InlineData("+919876543210")]
    [InlineData("  +91-98765-43210 ")]
    [InlineData("0091 98765 43210")]
    public async Task Hash_SamePhoneNumberInAnotherForm_SameHash(string other)
    {
        // Guarantee: every written form of a subject's phone number finds the same records.
        await using var harness = await CreateAsync(phoneNumbers: true);
        var hasher = Hasher(harness);

        Assert.Equal(hasher.Hash(Number), hasher.Hash(other));
    }

    [Fact]
    public async Task Hash_WithoutPhoneNumbers_TrimmedOrdinalText()
    {
        await using var harness = await CreateAsync(phoneNumbers: false);
        var hasher = Hasher(harness);

        Assert.Equal(hasher.Hash("+919876543210"), hasher.Hash(" +919876543210\t"));
        Assert.NotEqual(hasher.Hash(Number), hasher.Hash("+919876543210"));
        Assert.NotEqual(hasher.Hash("Alice@example.com"), hasher.Hash("alice@example.com"));
    }

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("customer-12345")]
    [InlineData("12345")]
    public async Task Hash_NotPhoneLike_HashedAsTrimmedText(string identifier)
    {
        await using var harness = await CreateAsync(phoneNumbers: true);
        var hasher = Hasher(harness);

        Assert.Equal(hasher.Hash(identifier), hasher.Hash(" " + identifier + " "));
        Assert.True(hasher.IsHash(hasher.Hash(identifier)));
    }

    [Fact]
    public async Task Hash_DifferentSubjects_Differ()
    {
        await using var harness = await CreateAsync(phoneNumbers: true);
        var hasher = Hasher(harness);

        Assert.NotEqual(hasher.Hash(Number), hasher.Hash("+91 98765 43211"));
        Assert.NotEqual(hasher.Hash("alice@example.com"), hasher.Hash("bob@example.com"));
    }

    [Fact]
    public async Task Hash_Shape_PrefixAndBase64UrlWithoutTheDigits()
    {
        // Guarantee: the hash reveals nothing of the identifier.
        await using var harness = await CreateAsync(phoneNumbers: true);
        var hash = Hasher(harness).Hash(Number);

        Assert.StartsWith("s1:", hash, StringComparison.Ordinal);
        Assert.Matches("^s1:[A-Za-z0-9_-]+$", hash);
        Assert.DoesNotContain("98765", hash, StringComparison.Ordinal);
        Assert.DoesNotContain("43210", hash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_AnotherKeyRing_Differs()
    {
        await using var first = await CreateAsync(phoneNumbers: true);
        await using var second = await CreateAsync(phoneNumbers: true);

        Assert.NotEqual(Hasher(first).Hash(Number), Hasher(second).Hash(Number));
    }

    [Fact]
    public async Task Hash_DiffersFromBlindIndexOfAnyColumn()
    {
        // The subject key is derived for a reserved name: a column's blind index of the same value never equals the subject hash.
        await using var harness = await CreateAsync(phoneNumbers: false);
        var index = harness.CreateProtector(searchable: true).ComputeBlindIndex("+919876543210");

        Assert.NotEqual("s1:" + index, Hasher(harness).Hash("+919876543210"));
    }

    [Fact]
    public async Task IsHash_OutputsTrue_RawIdentifiersAndMalformedFalse()
    {
        await using var harness = await CreateAsync(phoneNumbers: true);
        var hasher = Hasher(harness);
        var hash = hasher.Hash(Number);

        Assert.True(hasher.IsHash(hash));
        Assert.False(hasher.IsHash(Number));
        Assert.False(hasher.IsHash("+919876543210"));
        Assert.False(hasher.IsHash("09876543210"));
        Assert.False(hasher.IsHash("alice@example.com"));
        Assert.False(hasher.IsHash(string.Empty));
        Assert.False(hasher.IsHash(null!));
        Assert.False(hasher.IsHash("s2:" + hash[3..]));
        Assert.False(hasher.IsHash(hash + "A"));
        Assert.False(hasher.IsHash(hash[..^1]));
        Assert.False(hasher.IsHash(hash[..^1] + "+"));
        Assert.False(hasher.IsHash(hash[..^1] + "="));
        Assert.False(hasher.IsHash("s1:" + new string('9', hash.Length - 3) + " "));
    }

    [Fact]
    public async Task HashCandidates_AfterIndexKeyRotation_IncludeOldHash()
    {
        // Guarantee: "who accessed my data" still finds records written before an index-key rotation.
        await using var harness = await CreateAsync(phoneNumbers: true);
        var hasher = Hasher(harness);
        var before = hasher.Hash(Number);

        await harness.Manager.RotateIndexKeyAsync();
        var after = hasher.Hash("09876543210");
        var candidates = hasher.HashCandidates("09876543210");

        Assert.NotEqual(before, after);
        Assert.Equal(after, candidates[0]);
        Assert.Contains(before, candidates);
        Assert.All(candidates, c => Assert.True(hasher.IsHash(c)));
    }

    [Fact]
    public async Task HashCandidates_NoRotation_OnlyTheHash()
    {
        await using var harness = await CreateAsync(phoneNumbers: true);
        var hasher = Hasher(harness);

        Assert.Equal([hasher.Hash(Number)], hasher.HashCandidates(Number).ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task Hash_EmptyOrWhiteSpace_ArgumentExceptionWithoutTheValue(string identifier)
    {
        await using var harness = await CreateAsync(phoneNumbers: true);
        var hasher = Hasher(harness);

        var ex = Assert.Throws<ArgumentException>(() => hasher.Hash(identifier));
        Assert.Throws<ArgumentException>(() => hasher.HashCandidates(identifier));
        Assert.Equal("identifier", ex.ParamName);
        Assert.Throws<ArgumentNullException>(() => hasher.Hash(null!));
    }

    [Fact]
    public async Task Hash_InvalidPhoneLikeIdentifier_HashedAsTextWithoutThrowing()
    {
        // A number libphonenumber rejects is still a subject: it is hashed as its trimmed text, and no exception echoes it.
        await using var harness = await CreateAsync(phoneNumbers: true);
        var hasher = Hasher(harness);

        Assert.Equal(hasher.Hash("000 000"), hasher.Hash(" 000 000 "));
    }

    private static AuditSubjectHasher Hasher(EncryptionHarness harness)
        => new(harness.Encryptor, harness.Services.GetService<IPhoneNumberNormalizer>());

    private static Task<EncryptionHarness> CreateAsync(bool phoneNumbers)
        => EncryptionHarness.CreateAsync(services: phoneNumbers ? s => s.AddDataGuard(dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN")) : null);
}
