// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.EFCore.Auditing;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>The EF Core audit store over the <c>DataGuardAudit*</c> tables of the application's context, on SQLite files.</summary>
public sealed class DbContextAuditStoreTests(AuditStoreFixture fixture) : IClassFixture<AuditStoreFixture>
{
    private static readonly DateTimeOffset Time = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task UseEntityFrameworkCore_RegistersTheContextAuditStore()
    {
        await using var host = await StartAsync();

        Assert.IsType<DbContextAuditStore<AuditDbContext>>(host.Services.GetRequiredService<IAuditStore>());
    }

    [Fact]
    public async Task AppendThenRead_RoundTripsEveryField_TimestampNormalisedToMicroseconds()
    {
        await using var host = await StartAsync();
        var store = Store(host);
        var full = new AuditEvent
        {
            Action = AuditActions.Update,
            Outcome = AuditOutcome.Failed,
            Timestamp = Time.AddTicks(1_234_567), // 100-ns ticks: the seal normalises to whole microseconds
            ActorId = "agent-7",
            ActorRoles = ["agent", "supervisor, \"night\""],
            ClientId = "crm-app",
            TenantId = "tenant-a",
            Resource = "AuditedCaller",
            ResourceId = "42",
            Subjects = ["s1", "s0"],
            Purpose = "callback",
            Reason = "DbUpdateException",
            TraceId = "0af7651916cd43dd8448eb211c80319c",
            Count = 3,
            RemoteAddress = "203.0.113.0",
            Properties = ["Name", "Number"],
        };
        var seal = TestSeal.Of("tenant:tenant-a", full, new AuditEvent { Action = AuditActions.Read, Timestamp = Time });
        IReadOnlyList<AuditRecord> sealedRecords = [];

        await store.AppendAsync("tenant:tenant-a", head => sealedRecords = seal(head), transaction: null, CancellationToken.None);
        var read = await ReadAllAsync(store, "tenant:tenant-a");

        Assert.Equal(2, read.Count);
        AssertSameRecord(sealedRecords[0], read[0]);
        AssertSameRecord(sealedRecords[1], read[1]);
        Assert.Equal(Time.AddTicks(1_234_560), read[0].Event.Timestamp);
        Assert.Equal(TimeSpan.Zero, read[0].Event.Timestamp.Offset);
        Assert.Null(read[0].PreviousHash);
        Assert.Equal(read[0].Hash, read[1].PreviousHash);
    }

    [Fact]
    public async Task Append_CallsSealWithTheHead_AndMovesTheHead()
    {
        await using var host = await StartAsync();
        var store = Store(host);
        var heads = new List<AuditChainHead>();

        foreach (var action in new[] { "a", "b", "c" })
        {
            var seal = TestSeal.Of("system", Event(action), Event(action));
            await store.AppendAsync(
                "system",
                head =>
                {
                    heads.Add(head);
                    return seal(head);
                },
                null,
                CancellationToken.None);
        }

        var records = await ReadAllAsync(store, "system");
        Assert.Equal(AuditChainHead.Empty, heads[0]);
        Assert.Equal(new AuditChainHead(2, records[1].Hash), heads[1]);
        Assert.Equal(new AuditChainHead(4, records[3].Hash), heads[2]);
        Assert.Equal(new AuditChainHead(6, records[5].Hash), await store.GetHeadAsync("system", CancellationToken.None));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), records.Select(r => r.Sequence));
    }

    [Fact]
    public async Task GetHead_OfUnknownStream_IsEmpty_AndStreamsAreOrderedOrdinally()
    {
        await using var host = await StartAsync();
        var store = Store(host);

        Assert.Equal(AuditChainHead.Empty, await store.GetHeadAsync("tenant:none", CancellationToken.None));
        await store.AppendAsync("tenant:b", TestSeal.Of("tenant:b", Event("x")), null, CancellationToken.None);
        await store.AppendAsync("system", TestSeal.Of("system", Event("x")), null, CancellationToken.None);
        await store.AppendAsync("tenant:B", TestSeal.Of("tenant:B", Event("x")), null, CancellationToken.None);
        await store.AppendAsync("tenant:empty", _ => [], null, CancellationToken.None);

        Assert.Equal(["system", "tenant:B", "tenant:b"], await store.GetStreamsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Read_FromAndTo_AreInclusive()
    {
        await using var host = await StartAsync();
        var store = Store(host);
        await store.AppendAsync("system", TestSeal.Of("system", Enumerable.Range(0, 10).Select(i => Event("a" + i)).ToArray()), null, CancellationToken.None);

        var middle = new List<long>();
        await foreach (var record in store.ReadAsync("system", 3, 5, CancellationToken.None))
        {
            middle.Add(record.Sequence);
        }

        var tail = new List<long>();
        await foreach (var record in store.ReadAsync("system", 9, null, CancellationToken.None))
        {
            tail.Add(record.Sequence);
        }

        Assert.Equal([3L, 4L, 5L], middle);
        Assert.Equal([9L, 10L], tail);
    }

    [Fact]
    public async Task Append_ManyRecordsWithSubjects_InsertsInChunks()
    {
        await using var host = await StartAsync();
        var store = Store(host);
        var events = Enumerable.Range(0, 250).Select(i => Event("bulk") with { Subjects = ["s" + (i % 7), "common"] }).ToArray();

        await store.AppendAsync("system", TestSeal.Of("system", events), null, CancellationToken.None);

        Assert.Equal(250, (await ReadAllAsync(store, "system")).Count);
        await using var db = host.CreateContext();
        Assert.Equal(500, await db.Set<DataGuardAuditSubjectEntity>().CountAsync());
        Assert.Equal(250, (await store.FindBySubjectsAsync(["common"], Time.AddDays(-1), Time.AddDays(1), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task FindBySubjects_ReturnsRecordsOfAnyStreamInTimeOrder_WithinFromInclusiveToExclusive()
    {
        await using var host = await StartAsync();
        var store = Store(host);
        await store.AppendAsync("tenant:a", TestSeal.Of(
            "tenant:a",
            Event("first", Time.AddMinutes(1), "h1"),
            Event("other", Time.AddMinutes(2), "h2"),
            Event("last", Time.AddMinutes(5), "h1", "h2")), null, CancellationToken.None);
        await store.AppendAsync("system", TestSeal.Of("system", Event("middle", Time.AddMinutes(3), "h1"), Event("before", Time.AddMinutes(-1), "h1")), null, CancellationToken.None);

        var found = await store.FindBySubjectsAsync(["h1"], Time, Time.AddMinutes(5), CancellationToken.None);
        var both = await store.FindBySubjectsAsync(["h1", "h2", "h1"], Time, Time.AddMinutes(6), CancellationToken.None);

        Assert.Equal(["first", "middle"], found.Select(r => r.Event.Action));
        Assert.Equal(["first", "other", "middle", "last"], both.Select(r => r.Event.Action));
        Assert.Empty(await store.FindBySubjectsAsync(["unknown"], Time.AddDays(-1), Time.AddDays(1), CancellationToken.None));
        Assert.Empty(await store.FindBySubjectsAsync([], Time.AddDays(-1), Time.AddDays(1), CancellationToken.None));
    }

    [Fact]
    public async Task Append_InCallersTransaction_RolledBack_LeavesNoRecord()
    {
        // Guarantee: synchronous audit in the caller's transaction is atomic with the caller's data.
        await using var host = await StartAsync();
        var store = Store(host);
        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Entries.Add(new PlainEntry { Label = "x" });
            await db.SaveChangesAsync();
            await store.AppendAsync("system", TestSeal.Of("system", Event("rolled-back")), db, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        Assert.Empty(await ReadAllAsync(store, "system"));
        Assert.Equal(AuditChainHead.Empty, await store.GetHeadAsync("system", CancellationToken.None));
        await using var check = host.CreateContext();
        Assert.Equal(0, await check.Entries.CountAsync());
    }

    [Fact]
    public async Task Append_InCallersTransaction_Committed_KeepsRecordAndData()
    {
        await using var host = await StartAsync();
        var store = Store(host);
        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Entries.Add(new PlainEntry { Label = "x" });
            await db.SaveChangesAsync();
            await store.AppendAsync("system", TestSeal.Of("system", Event("committed")), db, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal("committed", Assert.Single(await ReadAllAsync(store, "system")).Event.Action);
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Entries.CountAsync());
    }

    [Fact]
    public async Task Append_InContextWithoutTransaction_Throws_AndOtherObjectsAreRefused()
    {
        await using var host = await StartAsync();
        var store = Store(host);
        await using var db = host.CreateContext();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync("system", TestSeal.Of("system", Event("x")), db, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync("system", TestSeal.Of("system", Event("x")), new object(), CancellationToken.None));

        Assert.Contains("has none", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(store, "system"));
    }

    [Fact]
    public async Task Append_SealNotContinuingTheHead_WritesNothing()
    {
        await using var host = await StartAsync();
        var store = Store(host);
        await store.AppendAsync("system", TestSeal.Of("system", Event("one")), null, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync("system", _ => TestSeal.Of("system", Event("stale"))(AuditChainHead.Empty), null, CancellationToken.None));

        Assert.Single(await ReadAllAsync(store, "system"));
    }

    [Fact]
    public async Task Append_SubMicrosecondTimestamp_IsRefused()
    {
        await using var host = await StartAsync();
        var store = Store(host);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(
            "system",
            head => [new AuditRecord { Stream = "system", Sequence = head.Sequence + 1, Hash = "h", Event = Event("x", Time.AddTicks(3)) }],
            null,
            CancellationToken.None));

        Assert.Empty(await ReadAllAsync(store, "system"));
    }

    [Fact]
    public async Task ConcurrentAppends_OnOneStream_KeepConsecutiveSequencesAndLinks()
    {
        // Guarantee: writers serialise on the stream head (here: 4 stores = 4 hosts on one SQLite file).
        var keys = Directory.CreateTempSubdirectory("dataguard-audit-keys-").FullName;
        var first = await StartAsync(keysDirectory: keys);
        var hosts = new List<TestHost<AuditDbContext>> { first };
        for (var i = 0; i < 3; i++)
        {
            hosts.Add(await StartAsync(first.ConnectionString, keys));
        }

        try
        {
            await Task.WhenAll(hosts.Select(h => Task.Run(async () =>
            {
                var store = Store(h);
                for (var batch = 0; batch < 10; batch++)
                {
                    await store.AppendAsync("system", head => TestSeal.Of("system", Event("w"), Event("w"))(head), null, CancellationToken.None);
                }
            })));

            var records = await ReadAllAsync(Store(first), "system");
            Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), records.Select(r => r.Sequence));
            for (var i = 1; i < records.Count; i++)
            {
                Assert.Equal(records[i - 1].Hash, records[i].PreviousHash);
            }
        }
        finally
        {
            foreach (var host in hosts.Skip(1))
            {
                await host.DisposeAsync();
            }

            await first.DisposeAsync();
            Directory.Delete(keys, recursive: true);
        }
    }

    [Fact]
    public void AuditTables_AreInTheModel_WithUniqueStreamSequence()
    {
        var options = new DbContextOptionsBuilder<AuditDbContext>().UseSqlite("Data Source=:memory:").UseDataGuard(Fixtures.ModelServices.WithPhoneNumbers).Options;
        using var db = new AuditDbContext(options);
        var records = db.Model.FindEntityType(typeof(DataGuardAuditRecordEntity))!;

        Assert.Equal("DataGuardAuditRecords", records.GetTableName());
        Assert.Equal("DataGuardAuditSubjects", db.Model.FindEntityType(typeof(DataGuardAuditSubjectEntity))!.GetTableName());
        Assert.Equal("DataGuardAuditStreams", db.Model.FindEntityType(typeof(DataGuardAuditStreamEntity))!.GetTableName());
        Assert.Contains(records.GetIndexes(), i => i.IsUnique && i.Properties.Select(p => p.Name).SequenceEqual(["Stream", "Sequence"]));
        Assert.Contains(records.GetIndexes(), i => i.Properties.Select(p => p.Name).SequenceEqual(["TimestampMicros"]));
    }

    internal static AuditEvent Event(string action, DateTimeOffset? time = null, params string[] subjects)
        => new() { Action = action, Timestamp = time ?? Time, Subjects = subjects };

    private static void AssertSameRecord(AuditRecord expected, AuditRecord actual)
    {
        Assert.Equal(expected.Stream, actual.Stream);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.PreviousHash, actual.PreviousHash);
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.KeyId, actual.KeyId);
        var e = expected.Event;
        var a = actual.Event;
        Assert.Equal(e with { ActorRoles = [], Subjects = [], Properties = [] }, a with { ActorRoles = [], Subjects = [], Properties = [] });
        Assert.Equal(e.ActorRoles, a.ActorRoles);
        Assert.Equal(e.Subjects, a.Subjects);
        Assert.Equal(e.Properties, a.Properties);
    }

    private static IAuditStore Store(TestHost<AuditDbContext> host) => host.Services.GetRequiredService<IAuditStore>();

    private static async Task<List<AuditRecord>> ReadAllAsync(IAuditStore store, string stream)
    {
        var result = new List<AuditRecord>();
        await foreach (var record in store.ReadAsync(stream, 1, null, CancellationToken.None))
        {
            result.Add(record);
        }

        return result;
    }

    private Task<TestHost<AuditDbContext>> StartAsync(string? connectionString = null, string? keysDirectory = null)
        => TestHost<AuditDbContext>.StartAsync(fixture.Database, connectionString, configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN"), keysDirectory: keysDirectory);
}
