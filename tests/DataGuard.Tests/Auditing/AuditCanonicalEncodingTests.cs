// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Text;
using DataGuard.Auditing;
using Snapshooter.Xunit;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>The canonical encoding of audit records: the bytes the chain hash covers (format version 1).</summary>
public sealed class AuditCanonicalEncodingTests
{
    private static readonly AuditEvent Full = new()
    {
        Action = AuditActions.Unmask,
        Outcome = AuditOutcome.Denied,
        Timestamp = new DateTimeOffset(2026, 12, 2, 8, 34, 5, TimeSpan.FromHours(5.5)).AddTicks(1_234_567),
        ActorId = "agent-7",
        ActorRoles = ["support", "agent", "support"],
        ClientId = "crm-web",
        TenantId = "acme",
        Resource = "GET /calls/{id}",
        ResourceId = "42",
        Subjects = ["s1:bbbbbbbbbbbbbbbbbbbbbb", "s1:aaaaaaaaaaaaaaaaaaaaaa"],
        Purpose = "Rückruf <urgent> & \"quoted\"",
        Reason = "missing permission",
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        RemoteAddress = "203.0.113.0",
        Count = 3,
        Properties = ["Transcript", "CallerNumber"],
    };

    [Fact]
    public void Encode_FullyPopulatedRecord_MatchesSnapshot()
    {
        // The living spec of the record format: any change here breaks every stored chain.
        var record = AuditTestData.Unkeyed().Seal("tenant:acme", new AuditChainHead(41, new string('a', 64)), [Full])[0];

        var json = Encoding.UTF8.GetString(AuditCanonicalEncoding.Encode(record.Stream, record));

        Snapshot.Match(json + "\nsha256: " + record.Hash + "\n");
    }

    [Fact]
    public void Encode_MinimalEvent_EveryFieldPresentInFixedOrder()
    {
        var auditEvent = new AuditEvent { Action = "read", Timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) };

        var json = Encoding.UTF8.GetString(AuditCanonicalEncoding.Encode("system", 1, null, null, auditEvent));

        Assert.Equal(
            "{\"v\":1,\"stream\":\"system\",\"seq\":1,\"prev\":null,\"key\":null,\"time\":\"2026-01-02T03:04:05.000000Z\",\"action\":\"read\","
            + "\"outcome\":\"success\",\"actor\":null,\"roles\":[],\"client\":null,\"tenant\":null,\"resource\":null,\"resourceId\":null,"
            + "\"subjects\":[],\"purpose\":null,\"reason\":null,\"trace\":null,\"remote\":null,\"count\":0,\"properties\":[]}",
            json);
    }

    [Theory]
    [InlineData(AuditOutcome.Success, "success")]
    [InlineData(AuditOutcome.Denied, "denied")]
    [InlineData(AuditOutcome.Failed, "failed")]
    [InlineData((AuditOutcome)9, "9")]
    public void OutcomeName_LowerCaseNameOrNumber(AuditOutcome outcome, string expected)
        => Assert.Equal(expected, AuditCanonicalEncoding.OutcomeName(outcome));

    [Fact]
    public void Encode_ListsInAnotherOrderOrWithDuplicates_SameBytes()
    {
        // Stores may not keep the order of subjects, roles or properties: the lists are sets.
        var shuffled = Full with
        {
            ActorRoles = ["agent", "support"],
            Subjects = ["s1:aaaaaaaaaaaaaaaaaaaaaa", "s1:bbbbbbbbbbbbbbbbbbbbbb", "s1:aaaaaaaaaaaaaaaaaaaaaa"],
            Properties = ["CallerNumber", "Transcript"],
        };

        Assert.Equal(AuditCanonicalEncoding.Encode("s", 1, null, null, Full), AuditCanonicalEncoding.Encode("s", 1, null, null, shuffled));
    }

    [Fact]
    public void Normalize_SortsAndDeduplicatesListsAndNormalisesTime()
    {
        var normalized = AuditCanonicalEncoding.Normalize(Full);

        Assert.Equal(["agent", "support"], normalized.ActorRoles);
        Assert.Equal(["s1:aaaaaaaaaaaaaaaaaaaaaa", "s1:bbbbbbbbbbbbbbbbbbbbbb"], normalized.Subjects);
        Assert.Equal(["CallerNumber", "Transcript"], normalized.Properties);
        Assert.Equal(TimeSpan.Zero, normalized.Timestamp.Offset);
        Assert.Equal(0, normalized.Timestamp.UtcTicks % 10);
        Assert.Equal(Full.Timestamp.UtcTicks - 7, normalized.Timestamp.UtcTicks);
    }

    [Fact]
    public void Encode_EachFieldChange_ChangesBytes()
    {
        var baseline = AuditCanonicalEncoding.Encode("s", 2, "p", "k", Full);
        AuditEvent[] changed =
        [
            Full with { Action = "read" },
            Full with { Outcome = AuditOutcome.Failed },
            Full with { Timestamp = Full.Timestamp.AddTicks(10) },
            Full with { ActorId = null },
            Full with { ActorRoles = ["support"] },
            Full with { ClientId = "other" },
            Full with { TenantId = "other" },
            Full with { Resource = "other" },
            Full with { ResourceId = "43" },
            Full with { Subjects = ["s1:aaaaaaaaaaaaaaaaaaaaaa"] },
            Full with { Purpose = null },
            Full with { Reason = "other" },
            Full with { TraceId = null },
            Full with { RemoteAddress = "203.0.114.0" },
            Full with { Count = 4 },
            Full with { Properties = ["Transcript"] },
        ];

        foreach (var auditEvent in changed)
        {
            Assert.NotEqual(baseline, AuditCanonicalEncoding.Encode("s", 2, "p", "k", auditEvent));
        }

        Assert.NotEqual(baseline, AuditCanonicalEncoding.Encode("t", 2, "p", "k", Full));
        Assert.NotEqual(baseline, AuditCanonicalEncoding.Encode("s", 3, "p", "k", Full));
        Assert.NotEqual(baseline, AuditCanonicalEncoding.Encode("s", 2, "q", "k", Full));
        Assert.NotEqual(baseline, AuditCanonicalEncoding.Encode("s", 2, "p", null, Full));
    }

    [Fact]
    public void Encode_EmptyListAndNullFieldsDiffer()
    {
        // A null string and an empty string are different values.
        Assert.NotEqual(
            AuditCanonicalEncoding.Encode("s", 1, null, null, Full with { Purpose = null }),
            AuditCanonicalEncoding.Encode("s", 1, null, null, Full with { Purpose = string.Empty }));
    }

    [Fact]
    public void Encode_LoneSurrogate_EncodedAsReplacementCharacterWithoutThrowing()
    {
        // A broken string must never make an event unsealable (the writer would retry it forever); databases store U+FFFD for it too.
        var broken = AuditCanonicalEncoding.Encode("s", 1, null, null, Full with { Purpose = "x\uD800y" });
        var replaced = AuditCanonicalEncoding.Encode("s", 1, null, null, Full with { Purpose = "x\uFFFDy" });

        Assert.Equal(replaced, broken);
    }
}
