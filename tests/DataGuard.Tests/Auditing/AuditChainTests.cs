// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Tests.Encryption;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>Sealing and verifying audit chains (keyed and unkeyed).</summary>
public sealed class AuditChainTests
{
    private const string Stream = AuditTestData.Stream;

    [Fact]
    public void Seal_EmptyHead_SequencesFromOneLinkedBySha256()
    {
        var records = AuditTestData.Unkeyed().Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(3));

        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Sequence));
        Assert.Null(records[0].PreviousHash);
        Assert.Equal(records[0].Hash, records[1].PreviousHash);
        Assert.Equal(records[1].Hash, records[2].PreviousHash);
        Assert.All(records, r => Assert.Null(r.KeyId));
        Assert.All(records, r => Assert.Equal(Stream, r.Stream));
        Assert.All(records, r => Assert.Matches("^[0-9a-f]{64}$", r.Hash));
        var expected = Convert.ToHexStringLower(SHA256.HashData(AuditCanonicalEncoding.Encode(Stream, records[1])));
        Assert.Equal(expected, records[1].Hash);
    }

    [Fact]
    public void Seal_AfterHead_ContinuesSequenceAndLinksToHeadHash()
    {
        var head = new AuditChainHead(41, new string('c', 64));

        var records = AuditTestData.Unkeyed().Seal(Stream, head, AuditTestData.Events(2));

        Assert.Equal(42, records[0].Sequence);
        Assert.Equal(head.Hash, records[0].PreviousHash);
        Assert.Equal(43, records[1].Sequence);
    }

    [Fact]
    public void Seal_NoEvents_NoRecords()
        => Assert.Empty(AuditTestData.Unkeyed().Seal(Stream, AuditChainHead.Empty, []));

    [Fact]
    public void Seal_BadArguments_Throw()
    {
        var chain = AuditTestData.Unkeyed();

        Assert.Throws<ArgumentException>(() => chain.Seal(string.Empty, AuditChainHead.Empty, []));
        Assert.Throws<ArgumentNullException>(() => chain.Seal(Stream, AuditChainHead.Empty, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => chain.Seal(Stream, new AuditChainHead(-1, null), []));
    }

    [Fact]
    public void Seal_Timestamp_NormalisedToMicrosecondsUtcInTheSealedRecord()
    {
        var auditEvent = AuditTestData.Event(1) with { Timestamp = new DateTimeOffset(2026, 12, 2, 8, 34, 5, TimeSpan.FromHours(5.5)).AddTicks(1_234_567) };

        var record = AuditTestData.Unkeyed().Seal(Stream, AuditChainHead.Empty, [auditEvent])[0];

        Assert.Equal(TimeSpan.Zero, record.Event.Timestamp.Offset);
        Assert.Equal(auditEvent.Timestamp.UtcTicks - 7, record.Event.Timestamp.UtcTicks);
    }

    [Fact]
    public async Task Verify_DatabaseRoundTrip_ReencodesIdentically()
    {
        // Guarantee: the canonical encoding survives a database round trip (PostgreSQL keeps microseconds and may return another
        // offset; a child table may return subjects, roles and properties in another order).
        var chain = AuditTestData.Unkeyed();
        var sealedRecords = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(50));
        var roundTripped = sealedRecords.Select(r => r with
        {
            Event = r.Event with
            {
                Timestamp = new DateTimeOffset(r.Event.Timestamp.UtcTicks - (r.Event.Timestamp.UtcTicks % 10), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(-3)),
                Subjects = r.Event.Subjects.Reverse().ToArray(),
                ActorRoles = r.Event.ActorRoles.Reverse().ToArray(),
                Properties = r.Event.Properties.Reverse().ToArray(),
            },
        }).ToList();

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(roundTripped));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(50, result.RecordsChecked);
        Assert.Null(result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_EmptyStream_Valid()
    {
        var result = await AuditTestData.Unkeyed().VerifyAsync(Stream, AuditTestData.AsAsync(Array.Empty<AuditRecord>()));

        Assert.True(result.IsValid);
        Assert.Equal(0, result.RecordsChecked);
    }

    [Fact]
    public async Task Verify_FromLaterSequence_TrustsFirstPreviousHash()
    {
        var chain = AuditTestData.Unkeyed();
        var records = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(10));

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(records.Skip(4)), fromSequence: 5);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(6, result.RecordsChecked);
    }

    [Fact]
    public async Task Verify_FirstRecordWithPreviousHash_BrokenLink()
    {
        var chain = AuditTestData.Unkeyed();
        var forged = chain.Seal(Stream, new AuditChainHead(0, new string('e', 64)), AuditTestData.Events(1));

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(forged));

        Assert.Equal(AuditChainFailure.BrokenLink, result.Failure);
        Assert.Equal(1, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_RecordOfAnotherStream_HashMismatch()
    {
        var chain = AuditTestData.Unkeyed();
        var records = chain.Seal("tenant:other", AuditChainHead.Empty, AuditTestData.Events(2));

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(records.Select(r => r with { Stream = Stream })));

        Assert.Equal(AuditChainFailure.HashMismatch, result.Failure);
        Assert.Equal(1, result.FirstBrokenSequence);
    }

    [Theory]
    [InlineData("ABCDEF")]
    [InlineData("")]
    public async Task Verify_MalformedOrUpperCaseHash_HashMismatch(string replacement)
    {
        var chain = AuditTestData.Unkeyed();
        var records = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(1));
        var hash = replacement.Length == 0 ? string.Empty : records[0].Hash.ToUpperInvariant();

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync([records[0] with { Hash = hash }]));

        Assert.Equal(AuditChainFailure.HashMismatch, result.Failure);
    }

    [Fact]
    public async Task Keyed_SealAndVerify_HmacUnderDerivedIndexKey()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var chain = AuditTestData.Keyed(harness);

        var records = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(20));

        var indexKey = harness.Ring.Current.ActiveIndexKey;
        Assert.All(records, r => Assert.Equal(indexKey.Id.ToString(), r.KeyId));
        var canonical = AuditCanonicalEncoding.Encode(Stream, records[0]);
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(canonical)), records[0].Hash);
        var mac = new byte[32];
        indexKey.ComputeIndex(AuditChain.ChainKeyName, canonical, mac);
        Assert.Equal(Convert.ToHexStringLower(mac), records[0].Hash);
        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(records));
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(20, result.RecordsChecked);
    }

    [Fact]
    public async Task Keyed_AnotherKeyRing_HashMismatch()
    {
        // Guarantee: without the key ring, nobody can produce or verify keyed hashes.
        await using var first = await EncryptionHarness.CreateAsync();
        await using var second = await EncryptionHarness.CreateAsync();
        var records = AuditTestData.Keyed(first).Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(2));

        // Same key id as the second ring's index key, other material.
        var relabeled = records.Select(r => r with { KeyId = second.Ring.Current.ActiveIndexKey.Id.ToString() });
        var result = await AuditTestData.Keyed(second).VerifyAsync(Stream, AuditTestData.AsAsync(relabeled));

        Assert.Equal(AuditChainFailure.HashMismatch, result.Failure);
        Assert.Equal(1, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Keyed_AcrossIndexKeyRotation_OldRecordsStillVerify()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var chain = AuditTestData.Keyed(harness);
        var before = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(5));
        var oldKey = harness.Ring.Current.ActiveIndexKey.Id;
        var newKey = await harness.Manager.RotateIndexKeyAsync();
        var after = chain.Seal(Stream, new AuditChainHead(5, before[^1].Hash), AuditTestData.Events(5, 5));

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(before.Concat(after)));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(oldKey.ToString(), before[0].KeyId);
        Assert.Equal(newKey.ToString(), after[0].KeyId);
    }

    [Fact]
    public async Task Keyed_ChainKeyDestroyed_UnknownKey()
    {
        // Guarantee: a record whose chain key was destroyed cannot be verified, and verification says so (it does not pass).
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(o => o.KeyRefreshInterval = TimeSpan.FromMinutes(5), time: time);
        var chain = AuditTestData.Keyed(harness);
        var records = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(3));
        var oldKey = harness.Ring.Current.ActiveIndexKey.Id;
        await harness.Manager.RotateIndexKeyAsync();
        time.Advance(TimeSpan.FromHours(1));
        await harness.Manager.DestroyKeyAsync(oldKey);

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(records));

        Assert.Equal(AuditChainFailure.UnknownKey, result.Failure);
        Assert.Equal(1, result.FirstBrokenSequence);
        Assert.Equal(0, result.RecordsChecked);
        Assert.Contains(oldKey.ToString(), result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-key-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public async Task Keyed_KeyIdNotInRing_UnknownKey(string keyId)
    {
        await using var harness = await EncryptionHarness.CreateAsync(o => o.UnknownKeyRefreshCooldown = TimeSpan.FromHours(1));
        var chain = AuditTestData.Keyed(harness);
        var records = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(3));
        var tampered = records.Select((r, i) => i == 1 ? r with { KeyId = keyId } : r);

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(tampered));

        Assert.Equal(AuditChainFailure.UnknownKey, result.Failure);
        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Equal(1, result.RecordsChecked);
    }

    [Fact]
    public async Task Keyed_RecordNamesDataKey_UnknownKey()
    {
        // Only blind-index keys key the chain: a data-encryption key id is refused.
        await using var harness = await EncryptionHarness.CreateAsync();
        var chain = AuditTestData.Keyed(harness);
        var records = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(1));

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync([records[0] with { KeyId = harness.Ring.Current.ActiveDataKey.Id.ToString() }]));

        Assert.Equal(AuditChainFailure.UnknownKey, result.Failure);
    }

    [Fact]
    public async Task Keyed_UnkeyedRecords_ModeMismatch()
    {
        // Guarantee: a keyed chain cannot be downgraded to plain SHA-256 by someone who recomputes it without the key.
        await using var harness = await EncryptionHarness.CreateAsync();
        var unkeyed = AuditTestData.Unkeyed().Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(3));

        var result = await AuditTestData.Keyed(harness).VerifyAsync(Stream, AuditTestData.AsAsync(unkeyed));

        Assert.Equal(AuditChainFailure.ModeMismatch, result.Failure);
        Assert.Equal(1, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Unkeyed_KeyedRecords_ModeMismatch()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var keyed = AuditTestData.Keyed(harness).Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(3));

        var result = await AuditTestData.Unkeyed().VerifyAsync(Stream, AuditTestData.AsAsync(keyed));

        Assert.Equal(AuditChainFailure.ModeMismatch, result.Failure);
        Assert.Equal(1, result.FirstBrokenSequence);
    }

    [Fact]
    public void Keyed_NoKeyRing_SealThrowsNamingTheFix()
    {
        var chain = new AuditChain(AuditChainMode.Keyed, () => null);

        var ex = Assert.Throws<InvalidOperationException>(() => chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(1)));

        Assert.Contains("AddFieldEncryption()", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Unkeyed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ToSequenceBeyondHead_Truncated()
    {
        var chain = AuditTestData.Unkeyed();
        var records = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(4));

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(records), 1, 6);

        Assert.Equal(AuditChainFailure.Truncated, result.Failure);
        Assert.Equal(5, result.FirstBrokenSequence);
        Assert.Equal(4, result.RecordsChecked);
    }

    [Fact]
    public async Task Verify_ReaderReturnsMoreThanToSequence_StopsAtToSequence()
    {
        var chain = AuditTestData.Unkeyed();
        var records = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(4));

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(records), 1, 2);

        Assert.True(result.IsValid);
        Assert.Equal(2, result.RecordsChecked);
    }

    [Fact]
    public async Task Verify_Messages_HoldNoPersonalData()
    {
        // Messages name sequences and key ids only, never field values.
        var chain = AuditTestData.Unkeyed();
        var records = chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(2)).ToList();
        records[1] = records[1] with { Event = records[1].Event with { Purpose = "+91 98765 43210" } };

        var result = await chain.VerifyAsync(Stream, AuditTestData.AsAsync(records));

        Assert.Equal(AuditChainFailure.HashMismatch, result.Failure);
        Assert.DoesNotContain("98765", result.Message, StringComparison.Ordinal);
        Assert.StartsWith("Record 2 ", result.Message, StringComparison.Ordinal);
    }
}
