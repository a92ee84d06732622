// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>
/// Invariant 10: the verifier detects every edit, deletion, insertion and reordering of a 1,000-record chain, and truncation against
/// an exported checkpoint. Each test names the guarantee it checks; the limitation tests assert what a variant cannot detect.
/// </summary>
public sealed class AuditChainTamperTests(AuditChainTamperFixture chains) : IClassFixture<AuditChainTamperFixture>
{
    private const string Stream = AuditTestData.Stream;
    private const int Length = AuditChainTamperFixture.Length;

    /// <summary>One edit per field of a record (cycled over the records), including the chain fields.</summary>
    private static readonly Func<AuditRecord, AuditRecord>[] Edits =
    [
        r => r with { Event = r.Event with { Action = r.Event.Action + "x" } },
        r => r with { Event = r.Event with { Outcome = (AuditOutcome)(((int)r.Event.Outcome + 1) % 3) } },
        r => r with { Event = r.Event with { Timestamp = r.Event.Timestamp.AddTicks(10) } },
        r => r with { Event = r.Event with { ActorId = "intruder" } },
        r => r with { Event = r.Event with { ActorRoles = [.. r.Event.ActorRoles, "admin"] } },
        r => r with { Event = r.Event with { ClientId = r.Event.ClientId is null ? "cli" : null } },
        r => r with { Event = r.Event with { TenantId = "other" } },
        r => r with { Event = r.Event with { Resource = "Invoice" } },
        r => r with { Event = r.Event with { ResourceId = "1" } },
        r => r with { Event = r.Event with { Subjects = r.Event.Subjects.Skip(1).ToArray() } },
        r => r with { Event = r.Event with { Purpose = r.Event.Purpose is null ? "marketing" : null } },
        r => r with { Event = r.Event with { Reason = "edited" } },
        r => r with { Event = r.Event with { TraceId = null } },
        r => r with { Event = r.Event with { RemoteAddress = "198.51.100.0" } },
        r => r with { Event = r.Event with { Count = r.Event.Count + 1 } },
        r => r with { Event = r.Event with { Properties = [.. r.Event.Properties, "Notes"] } },
        r => r with { PreviousHash = r.PreviousHash is null ? new string('0', 64) : Flip(r.PreviousHash) },
        r => r with { Hash = Flip(r.Hash) },
    ];

    public static TheoryData<AuditChainMode> Modes => new() { AuditChainMode.Keyed, AuditChainMode.Unkeyed };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Verify_UntamperedChain_Valid(AuditChainMode mode)
    {
        var trail = chains.TrailOver(mode, chains.Records(mode));

        var whole = await trail.VerifyAsync(Stream);
        var checkpoint = await trail.VerifyAsync(chains.Checkpoint(mode));

        Assert.True(whole.IsValid, whole.Message);
        Assert.Equal(Length, whole.RecordsChecked);
        Assert.True(checkpoint.IsValid, checkpoint.Message);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Verify_EverySingleRecordEdited_HashMismatchAtThatRecord(AuditChainMode mode)
    {
        // Guarantee: any change to any field of any record is detected, at that record.
        var records = chains.Records(mode);
        for (var i = 0; i < Length; i++)
        {
            var tampered = records.ToArray();
            tampered[i] = Edits[i % Edits.Length](tampered[i]);

            var result = await chains.TrailOver(mode, tampered).VerifyAsync(Stream);

            Assert.True(result.Failure == AuditChainFailure.HashMismatch, $"edit {i % Edits.Length} of record {i + 1}: {result.Failure}");
            Assert.Equal(i + 1, result.FirstBrokenSequence);
            Assert.Equal(i, result.RecordsChecked);
        }
    }

    [Fact]
    public async Task Verify_SequenceNumberEdited_SequenceGap()
    {
        // Guarantee: renumbering a record is detected at that record.
        var records = chains.Records(AuditChainMode.Unkeyed);
        foreach (var i in new[] { 0, 1, 499, 998 })
        {
            var tampered = records.ToArray();
            tampered[i] = tampered[i] with { Sequence = tampered[i].Sequence + 5 };

            var result = await chains.TrailOver(AuditChainMode.Unkeyed, tampered).VerifyAsync(Stream);

            Assert.Equal(AuditChainFailure.SequenceGap, result.Failure);
            Assert.Equal(i + 1, result.FirstBrokenSequence);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Verify_EverySingleRecordDeleted_Detected(AuditChainMode mode)
    {
        // Guarantee: deleting any one record is detected; deleting the last one is truncation, detected against the checkpoint.
        var records = chains.Records(mode);
        var checkpoint = chains.Checkpoint(mode);
        for (var i = 0; i < Length; i++)
        {
            var tampered = records.Where((_, index) => index != i);

            var result = await chains.TrailOver(mode, tampered).VerifyAsync(checkpoint);

            Assert.Equal(i == Length - 1 ? AuditChainFailure.Truncated : AuditChainFailure.SequenceGap, result.Failure);
            Assert.Equal(i + 1, result.FirstBrokenSequence);
        }
    }

    [Fact]
    public async Task Verify_ForgedRecordInsertedAtEveryPositionOfUnkeyedChain_Detected()
    {
        // Guarantee: inserting a record (correctly linked and SHA-256-hashed by the forger, later rows renumbered) anywhere before the
        // tail is detected at the first record after it. (Appending at the tail is the unkeyed chain's limitation, see below.)
        var records = chains.Records(AuditChainMode.Unkeyed);
        var forger = AuditTestData.Unkeyed();
        for (var k = 0; k < Length; k++)
        {
            var head = k == 0 ? AuditChainHead.Empty : new AuditChainHead(k, records[k - 1].Hash);
            var forged = forger.Seal(Stream, head, [AuditTestData.Event(5000 + k)])[0];
            var tampered = records.Take(k).Append(forged).Concat(records.Skip(k).Select(r => r with { Sequence = r.Sequence + 1 }));

            var result = await chains.TrailOver(AuditChainMode.Unkeyed, tampered).VerifyAsync(Stream);

            Assert.Equal(AuditChainFailure.HashMismatch, result.Failure);
            Assert.Equal(k + 2, result.FirstBrokenSequence);
        }
    }

    [Fact]
    public async Task Verify_ForgedRecordInsertedAtEveryPositionOfKeyedChain_DetectedAtTheForgedRecord()
    {
        // Guarantee: without the chain key, a forger cannot produce a record the keyed chain accepts, at any position (tail included).
        var records = chains.Records(AuditChainMode.Keyed);
        var keyId = records[0].KeyId;
        var forger = AuditTestData.Unkeyed();
        for (var k = 0; k <= Length; k++)
        {
            var head = k == 0 ? AuditChainHead.Empty : new AuditChainHead(k, records[k - 1].Hash);
            var forged = ForgeKeyed(forger, head, keyId, 5000 + k);
            var tampered = records.Take(k).Append(forged).Concat(records.Skip(k).Select(r => r with { Sequence = r.Sequence + 1 }));

            var result = await chains.TrailOver(AuditChainMode.Keyed, tampered).VerifyAsync(Stream);

            Assert.Equal(AuditChainFailure.HashMismatch, result.Failure);
            Assert.Equal(k + 1, result.FirstBrokenSequence);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Verify_RecordInsertedWithoutRenumbering_Detected(AuditChainMode mode)
    {
        // Guarantee: a copy of an existing record inserted with a duplicate sequence number is detected.
        var records = chains.Records(mode);
        foreach (var k in new[] { 0, 1, 500, 999 })
        {
            var tampered = records.Take(k + 1).Append(records[k]).Concat(records.Skip(k + 1));

            var result = await chains.TrailOver(mode, tampered).VerifyAsync(Stream);

            Assert.Equal(AuditChainFailure.SequenceGap, result.Failure);
            Assert.Equal(k + 2, result.FirstBrokenSequence);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Verify_EveryAdjacentSwap_Detected(AuditChainMode mode)
    {
        // Guarantee: reordering two neighbours (each row keeping its sequence number) is detected at the first of them.
        var store = new InMemoryAuditStore();
        var trail = AuditTestData.Trail(store, chains.Chain(mode));
        for (var i = 1; i < Length; i++)
        {
            store.Load(Stream, chains.Records(mode));
            store.SwapContents(Stream, i, i + 1);

            var result = await trail.VerifyAsync(Stream);

            Assert.Equal(AuditChainFailure.HashMismatch, result.Failure);
            Assert.Equal(i, result.FirstBrokenSequence);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Verify_RandomSwapsOfTwoRecords_Detected(AuditChainMode mode)
    {
        // Guarantee: reordering any two records is detected at the earlier of them (200 seeded random pairs).
        var random = new Random(20261202);
        var store = new InMemoryAuditStore();
        var trail = AuditTestData.Trail(store, chains.Chain(mode));
        for (var n = 0; n < 200; n++)
        {
            var a = random.Next(1, Length + 1);
            var b = random.Next(1, Length + 1);
            if (a == b)
            {
                continue;
            }

            store.Load(Stream, chains.Records(mode));
            store.SwapContents(Stream, a, b);

            var result = await trail.VerifyAsync(Stream);

            Assert.Equal(AuditChainFailure.HashMismatch, result.Failure);
            Assert.Equal(Math.Min(a, b), result.FirstBrokenSequence);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Verify_TailTruncated_DetectedOnlyAgainstCheckpoint(AuditChainMode mode)
    {
        // Guarantee: truncating the tail is detected against an exported checkpoint.
        // Limitation (asserted): without a checkpoint a truncated chain is indistinguishable from a shorter one, in both modes.
        var records = chains.Records(mode);
        var checkpoint = chains.Checkpoint(mode);
        for (var keep = 0; keep < Length; keep += 7)
        {
            var trail = chains.TrailOver(mode, records.Take(keep));

            var withCheckpoint = await trail.VerifyAsync(checkpoint);
            var without = await trail.VerifyAsync(Stream);

            Assert.Equal(AuditChainFailure.Truncated, withCheckpoint.Failure);
            Assert.Equal(keep + 1, withCheckpoint.FirstBrokenSequence);
            Assert.Equal(keep, withCheckpoint.RecordsChecked);
            Assert.True(without.IsValid, without.Message);
        }
    }

    [Fact]
    public async Task Verify_UnkeyedChainRecomputedAfterEdit_DetectedOnlyAgainstCheckpoint()
    {
        // Guarantee: rewriting history is detected against a checkpoint exported before the rewrite (CheckpointMismatch).
        // Limitation (asserted): someone who can write the table can recompute an unkeyed chain, which then verifies on its own.
        var records = chains.Records(AuditChainMode.Unkeyed);
        var forger = AuditTestData.Unkeyed();
        var edited = records[499].Event with { ActorId = "someone-else" };
        var rewritten = records.Take(499)
            .Concat(forger.Seal(Stream, new AuditChainHead(499, records[498].Hash), [edited, .. records.Skip(500).Select(r => r.Event)]))
            .ToList();
        var trail = chains.TrailOver(AuditChainMode.Unkeyed, rewritten);

        var without = await trail.VerifyAsync(Stream);
        var withCheckpoint = await trail.VerifyAsync(chains.Checkpoint(AuditChainMode.Unkeyed));

        Assert.True(without.IsValid, without.Message);
        Assert.Equal(AuditChainFailure.CheckpointMismatch, withCheckpoint.Failure);
        Assert.Equal(Length, withCheckpoint.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_ForgedTailOnUnkeyedChain_NotDetected_Limitation()
    {
        // Limitation (asserted): a record appended at the tail with a correctly recomputed SHA-256 passes the unkeyed chain, even
        // against a checkpoint taken before it (a checkpoint vouches for the records up to it, not for what comes after).
        var records = chains.Records(AuditChainMode.Unkeyed);
        var forged = AuditTestData.Unkeyed().Seal(Stream, new AuditChainHead(Length, records[^1].Hash), [AuditTestData.Event(7777)]);
        var trail = chains.TrailOver(AuditChainMode.Unkeyed, records.Concat(forged));

        var whole = await trail.VerifyAsync(Stream);
        var checkpoint = await trail.VerifyAsync(chains.Checkpoint(AuditChainMode.Unkeyed));

        Assert.True(whole.IsValid, whole.Message);
        Assert.Equal(Length + 1, whole.RecordsChecked);
        Assert.True(checkpoint.IsValid, checkpoint.Message);
    }

    [Fact]
    public async Task Verify_ForgedTailOnKeyedChain_Detected()
    {
        // Guarantee: the keyed chain rejects a forged tail record, whether the forger names the chain key (HashMismatch) or writes it
        // unkeyed (ModeMismatch).
        var records = chains.Records(AuditChainMode.Keyed);
        var head = new AuditChainHead(Length, records[^1].Hash);
        var namingKey = ForgeKeyed(AuditTestData.Unkeyed(), head, records[0].KeyId, 7777);
        var unkeyed = AuditTestData.Unkeyed().Seal(Stream, head, [AuditTestData.Event(7777)])[0];

        var first = await chains.TrailOver(AuditChainMode.Keyed, records.Append(namingKey)).VerifyAsync(Stream);
        var second = await chains.TrailOver(AuditChainMode.Keyed, records.Append(unkeyed)).VerifyAsync(Stream);

        Assert.Equal(AuditChainFailure.HashMismatch, first.Failure);
        Assert.Equal(Length + 1, first.FirstBrokenSequence);
        Assert.Equal(Length, first.RecordsChecked);
        Assert.Equal(AuditChainFailure.ModeMismatch, second.Failure);
        Assert.Equal(Length + 1, second.FirstBrokenSequence);
    }

    /// <summary>What a forger without the key can do: name the chain key and hash with SHA-256.</summary>
    private static AuditRecord ForgeKeyed(AuditChain forger, AuditChainHead head, string? keyId, int seed)
    {
        var record = forger.Seal(Stream, head, [AuditTestData.Event(seed)])[0] with { KeyId = keyId };
        var hash = System.Security.Cryptography.SHA256.HashData(AuditCanonicalEncoding.Encode(Stream, record));
        return record with { Hash = Convert.ToHexStringLower(hash) };
    }

    private static string Flip(string hash) => (hash[0] == '0' ? '1' : '0') + hash[1..];
}
