// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>The test store honours the <see cref="IAuditStore"/> append contract (so tests built on it prove something).</summary>
public sealed class InMemoryAuditStoreTests
{
    private const string Stream = AuditTestData.Stream;

    [Fact]
    public async Task AppendAsync_SealReceivesCurrentHead()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        var heads = new System.Collections.Generic.List<AuditChainHead>();

        for (var i = 0; i < 3; i++)
        {
            var batch = AuditTestData.Events(2, 2 * i);
            await store.AppendAsync(
                Stream,
                head =>
                {
                    heads.Add(head);
                    return chain.Seal(Stream, head, batch);
                },
                null,
                CancellationToken.None);
        }

        var records = store.Records(Stream);
        Assert.Equal([AuditChainHead.Empty, new AuditChainHead(2, records[1].Hash), new AuditChainHead(4, records[3].Hash)], heads);
        Assert.Equal(new AuditChainHead(6, records[5].Hash), await store.GetHeadAsync(Stream, CancellationToken.None));
        Assert.Equal(3, store.AppendCount);
    }

    [Fact]
    public async Task AppendAsync_RecordsNotContinuingTheChain_RejectedAndNothingStored()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 2);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(Stream, _ => chain.Seal(Stream, AuditChainHead.Empty, AuditTestData.Events(1)), null, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(Stream, h => chain.Seal("other", h, AuditTestData.Events(1)), null, CancellationToken.None));

        Assert.Equal(2, store.Records(Stream).Count);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentWriters_OneValidChain()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await store.AppendAsync(Stream, h => chain.Seal(Stream, h, AuditTestData.Events(2, (w * 100) + i)), null, CancellationToken.None);
            }
        })));

        var result = await AuditTestData.Trail(store, chain).VerifyAsync(Stream);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(400, result.RecordsChecked);
    }

    [Fact]
    public async Task FindBySubjectsAsync_MatchesAnyHashInPeriod_TimeOrdered()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 30);
        var from = AuditTestData.Start;
        var to = AuditTestData.Start.AddSeconds(20);

        var found = await store.FindBySubjectsAsync(["s1:subject-3", "s1:subject-5"], from, to, CancellationToken.None);

        Assert.NotEmpty(found);
        Assert.All(found, r => Assert.True(r.Event.Subjects.Contains("s1:subject-3") || r.Event.Subjects.Contains("s1:subject-5")));
        Assert.All(found, r => Assert.InRange(r.Event.Timestamp, from, to.AddTicks(-1)));
        Assert.Equal(found.OrderBy(r => r.Event.Timestamp).Select(r => r.Sequence), found.Select(r => r.Sequence));
    }
}
