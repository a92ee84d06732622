// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.IntegrationTests.Auditing;

/// <summary>The audit trail through AddAudit and the EF Core store and interceptors, run on every real provider.</summary>
public abstract class AuditTrailTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private const string Planted = "+919876543210";

    protected TFixture Database { get; } = database;

    [SkippableTheory]
    [InlineData(AuditChainMode.Keyed)]
    [InlineData(AuditChainMode.Unkeyed)]
    public async Task Chain_AppendedThroughAddAudit_Verifies(AuditChainMode mode)
    {
        await using var host = await StartAsync(o => o.ChainMode = mode);
        await WriteEventsAsync(host, 30);

        var trail = Trail(host);
        var result = await trail.VerifyAsync(IAuditTrail.SystemStream);
        var records = await ReadAllAsync(trail, IAuditTrail.SystemStream);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(30, result.RecordsChecked);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(mode == AuditChainMode.Keyed, r.KeyId is not null));
    }

    [SkippableFact]
    public async Task HostileText_NulAndLoneSurrogates_IsStored_AndTheStreamKeepsFlowing()
    {
        // Guarantee: nothing is dropped and nothing blocks: PostgreSQL refuses NUL and unpaired surrogates, so one such value must not
        // fail its batch forever; it is stored (replaced by U+FFFD), the events behind it too, and the chain verifies after the round trip.
        await using var host = await StartAsync();
        var sink = host.Services.GetRequiredService<IAuditSink>();

        await sink.WriteAsync(new AuditEvent { Action = AuditActions.Read, ResourceId = "abc\0def", ActorRoles = ["\uD800x", "agent"], Purpose = new string('p', 510) + "\U0001F600tail", Count = 1 });
        await sink.WriteAsync(new AuditEvent { Action = AuditActions.Read, Resource = "after", Count = 2 });
        await Trail(host).FlushAsync();

        var records = await ReadAllAsync(Trail(host), IAuditTrail.SystemStream);
        Assert.Equal(["abc\uFFFDdef", null], records.Select(r => r.Event.ResourceId));
        Assert.Equal("after", records[1].Event.Resource);
        var result = await Trail(host).VerifyAsync(IAuditTrail.SystemStream);
        Assert.True(result.IsValid, result.Message);
    }

    [SkippableFact]
    public async Task AccessHistory_ForgedSubjectIndexRow_DoesNotAttributeAnotherRecord()
    {
        // Guarantee: the subject index is only a lookup aid; the history keeps records whose own chained subjects name the subject.
        await using var host = await StartAsync();
        var hash = host.Services.GetRequiredService<IAuditSubjectHasher>().Hash(Planted);
        var sink = host.Services.GetRequiredService<IAuditSink>();
        await sink.WriteAsync(new AuditEvent { Action = AuditActions.Read, Resource = "mine", Subjects = [hash], Count = 1 });
        await sink.WriteAsync(new AuditEvent { Action = AuditActions.Read, Resource = "other", Count = 1 });
        await Trail(host).FlushAsync();

        await ExecuteAsync(host, $"INSERT INTO \"DataGuardAuditSubjects\" (\"SubjectHash\", \"RecordId\") SELECT '{hash}', \"Id\" FROM \"DataGuardAuditRecords\" WHERE \"Resource\" = 'other'");
        var history = await Trail(host).GetAccessHistoryAsync(Planted, DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal(["mine"], history.Select(r => r.Event.Resource));
    }

    [SkippableFact]
    public async Task Tampering_EditedAction_IsDetectedAtThatRecord()
    {
        // Guarantee: an edit of one stored record through SQL breaks its hash.
        await using var host = await StartAsync();
        await WriteEventsAsync(host, 5);

        await ExecuteAsync(host, "UPDATE \"DataGuardAuditRecords\" SET \"Action\" = 'erase' WHERE \"Sequence\" = 3");
        var result = await Trail(host).VerifyAsync(IAuditTrail.SystemStream);

        Assert.Equal(AuditChainFailure.HashMismatch, result.Failure);
        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [SkippableFact]
    public async Task Tampering_DeletedRecord_IsDetectedAtTheMissingSequence()
    {
        // Guarantee: removing a record from the middle of a stream breaks the chain after it.
        await using var host = await StartAsync();
        await WriteEventsAsync(host, 5);

        await ExecuteAsync(host, "DELETE FROM \"DataGuardAuditRecords\" WHERE \"Sequence\" = 3");
        var result = await Trail(host).VerifyAsync(IAuditTrail.SystemStream);

        Assert.Equal(AuditChainFailure.SequenceGap, result.Failure);
        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [SkippableFact]
    public async Task EightConcurrentWriters_OnOneDatabase_ProduceOneValidChain()
    {
        // Guarantee: appenders in separate hosts (separate store instances and connections) serialise on the stream head.
        const int Writers = 8;
        const int Batches = 50;
        var keys = Directory.CreateTempSubdirectory("dataguard-audit-keys-").FullName;
        var hosts = new List<TestHost<AuditTestDbContext>>();
        try
        {
            hosts.Add(await StartAsync(o => o.WriteMode = AuditWriteMode.Synchronous, keysDirectory: keys));
            for (var i = 1; i < Writers; i++)
            {
                hosts.Add(await StartAsync(o => o.WriteMode = AuditWriteMode.Synchronous, hosts[0].ConnectionString, keys));
            }

            await Task.WhenAll(hosts.Select((host, writer) => Task.Run(async () =>
            {
                var pipeline = host.Services.GetRequiredService<AuditPipeline>();
                for (var batch = 0; batch < Batches; batch++)
                {
                    // One batch of two events = one append, in a transaction of this writer's own context.
                    await using var db = host.CreateContext();
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    await pipeline.WriteInTransactionAsync([Event(writer, batch, 0), Event(writer, batch, 1)], db, CancellationToken.None);
                    await transaction.CommitAsync();
                }
            })));
        }
        finally
        {
            foreach (var host in hosts.Skip(1))
            {
                await host.DisposeAsync();
            }
        }

        await using var first = hosts[0];
        var trail = Trail(first);
        var result = await trail.VerifyAsync(IAuditTrail.SystemStream);
        var records = await ReadAllAsync(trail, IAuditTrail.SystemStream);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(Enumerable.Range(1, Writers * Batches * 2).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(Writers * Batches * 2, records.Select(r => r.Event.Reason).Distinct().Count());
        Directory.Delete(keys, recursive: true);
    }

    [SkippableFact]
    public async Task SynchronousMode_FailedSaveInsideTransaction_IsWrittenInIt_WithoutWaitingOnTheLockedHead()
    {
        // Guarantee: a failure after an audited save of the same transaction neither deadlocks on the stream head nor is lost on commit.
        await using var host = await StartAsync(o => o.WriteMode = AuditWriteMode.Synchronous);
        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Customers.Add(new AuditCustomer { Id = 1, Phone = Planted });
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            db.Customers.Add(new AuditCustomer { Id = 1, Phone = "+919811111111" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();

            // Reads in the transaction are written in it once their reader is closed (async and sync queries).
            await db.Customers.AsNoTracking().ToListAsync();
            _ = db.Customers.AsNoTracking().Select(c => c.Name).ToList();
            await transaction.CommitAsync();
        }

        var records = await ReadAllAsync(Trail(host), IAuditTrail.SystemStream);
        Assert.Equal([AuditOutcome.Success, AuditOutcome.Failed, AuditOutcome.Success, AuditOutcome.Success], records.Select(r => r.Event.Outcome));
        Assert.Equal([AuditActions.Create, AuditActions.Create, AuditActions.Read, AuditActions.Read], records.Select(r => r.Event.Action));
        Assert.True((await Trail(host).VerifyAsync(IAuditTrail.SystemStream)).IsValid);
    }

    [SkippableFact]
    public async Task SynchronousMode_AWriteOutsideAnOpenAuditedTransaction_FailsAfterTheLockTimeout_InsteadOfWaitingForever()
    {
        // Guarantee: the synchronous-mode trap (the open transaction holds its stream's head; a write of that stream on another connection
        // waits for it, and the caller awaiting that write never commits) ends in a bounded error, and nothing is half-written.
        var connectionString = await Database.CreateDatabaseAsync();
        if (Database.Provider == "sqlite")
        {
            // SQLite: the connection's busy timeout bounds the wait (BEGIN IMMEDIATE waits for the write lock).
            connectionString += ";Default Timeout=1";
        }

        await using var host = await StartAsync(o => (o.WriteMode, o.LockTimeout) = (AuditWriteMode.Synchronous, TimeSpan.FromSeconds(1)), connectionString);
        var sink = host.Services.GetRequiredService<IAuditSink>();
        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Customers.Add(new AuditCustomer { Id = 1, Phone = Planted });
            await db.SaveChangesAsync();

            var write = sink.WriteAsync(new AuditEvent { Action = AuditActions.Read, Resource = "outside", Count = 1 }).AsTask();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => write.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.IsNotType<TimeoutException>(error);
            if (Database.Provider == "postgres")
            {
                var typed = Assert.IsType<DataGuardException>(error);
                Assert.Contains("'system'", typed.Message, StringComparison.Ordinal);
                Assert.Contains("AuditOptions.LockTimeout", typed.Message, StringComparison.Ordinal);
                Assert.Contains("synchronous mode", typed.Message, StringComparison.Ordinal);
                Assert.Equal("55P03", Assert.IsAssignableFrom<System.Data.Common.DbException>(typed.InnerException).SqlState);
            }
            else
            {
                Assert.IsAssignableFrom<System.Data.Common.DbException>(error);
            }

            await transaction.CommitAsync();
        }

        // A tenant's stream: the message does not name it (a tenant id is application text, here a phone number).
        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var pipeline = host.Services.GetRequiredService<AuditPipeline>();
            await pipeline.WriteInTransactionAsync([new AuditEvent { Action = AuditActions.Read, TenantId = Planted, Count = 1 }], db, CancellationToken.None);

            var write = sink.WriteAsync(new AuditEvent { Action = AuditActions.Read, TenantId = Planted, Count = 1 }).AsTask();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => write.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.IsNotType<TimeoutException>(error);
            Assert.DoesNotContain("9876543210", error.ToString(), StringComparison.Ordinal);
            if (Database.Provider == "postgres")
            {
                Assert.Contains("The audit stream of a tenant stayed locked", Assert.IsType<DataGuardException>(error).Message, StringComparison.Ordinal);
            }

            await transaction.RollbackAsync();
        }

        // The transaction's own record committed with it; the failed write left nothing; the stream takes writes again and verifies.
        await sink.WriteAsync(new AuditEvent { Action = AuditActions.Read, Resource = "after", Count = 1 });
        var records = await ReadAllAsync(Trail(host), IAuditTrail.SystemStream);
        Assert.Equal([(AuditActions.Create, (string?)null), (AuditActions.Read, "after")], records.Select(r => (r.Event.Action, r.Event.Resource == "after" ? "after" : null)));
        Assert.True((await Trail(host).VerifyAsync(IAuditTrail.SystemStream)).IsValid);
    }

    [SkippableFact]
    public async Task AccessHistory_OfAPhoneSubject_HoldsItsCreateAndReadRecords_AcrossEntityTypes()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            db.Customers.Add(new AuditCustomer { Phone = "+91 98765 43210", Name = "Asha" });
            db.Customers.Add(new AuditCustomer { Phone = "+919811111111", Name = "Other" });
            db.Calls.Add(new AuditCall { Caller = "098765 43210", Minutes = 3 });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            await db.Customers.ToListAsync();
            await db.Calls.ToListAsync();
        }

        var trail = Trail(host);
        await trail.FlushAsync();
        var history = await trail.GetAccessHistoryAsync("9876543210", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));

        Assert.Equal(4, history.Count);
        Assert.Equal(2, history.Count(r => r.Event.Action == AuditActions.Create));
        Assert.Equal(2, history.Count(r => r.Event.Action == AuditActions.Read));
        Assert.Equal([nameof(AuditCall), nameof(AuditCustomer)], history.Select(r => r.Event.Resource).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, history.Single(r => r.Event.Action == AuditActions.Read && r.Event.Resource == nameof(AuditCustomer)).Event.Count);
    }

    [SkippableFact]
    public async Task PlantedNumbers_NeverReachAnyColumnOfTheAuditTables()
    {
        // Guarantee (issue 5): no raw personal data in any stored audit field. Every column of every row of the three tables is scanned.
        await using var host = await StartAsync();
        string token;
        await using (var db = host.CreateContext())
        {
            db.Customers.Add(new AuditCustomer { Phone = "+91 98765 43210", Name = "Planted" });
            db.Customers.Add(new AuditCustomer { Phone = "09876543210", Name = "Planted again" });
            var call = new AuditCall { Caller = "98765-43210", Callback = "+91 (98765) 43210", Minutes = 1 };
            db.Calls.Add(call);
            await db.SaveChangesAsync();
            token = call.Callback!;
        }

        await using (var db = host.CreateContext())
        {
            await db.Customers.ToListAsync();
            await db.Customers.Select(c => c.Phone).ToListAsync();
            var customer = await db.Customers.FirstAsync();
            customer.Phone = "+919876543210";
            customer.Name = "Changed";
            await db.SaveChangesAsync();
            await db.Calls.Where(c => c.Minutes == 1).ExecuteUpdateAsync(s => s.SetProperty(c => c.Minutes, 2));
            await db.Customers.Where(c => c.Name == "Planted again").ExecuteDeleteAsync();
        }

        var previous = Thread.CurrentPrincipal;
        Thread.CurrentPrincipal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "agent-7"), new Claim(DataGuardClaimTypes.Permission, DataGuardPermissions.Detokenize)], "test"));
        try
        {
            Assert.Equal(Planted, await host.Services.GetRequiredService<ITokenVault>().DetokenizeAsync(token, "call back " + Planted));
        }
        finally
        {
            Thread.CurrentPrincipal = previous;
        }

        var trail = Trail(host);
        await trail.FlushAsync();
        var records = await ReadAllAsync(trail, IAuditTrail.SystemStream);
        var subject = host.Services.GetRequiredService<IAuditSubjectHasher>().Hash(Planted);
        Assert.Equal([subject], records.Single(r => r.Event.Action == AuditActions.Detokenize).Event.Subjects);
        Assert.Contains(records, r => r.Event.Action == AuditActions.Update && r.Event.Count == 1 && r.Event.Resource == nameof(AuditCall));

        var cells = new List<string>();
        await using (var db = host.CreateContext())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            foreach (var table in new[] { "DataGuardAuditRecords", "DataGuardAuditSubjects", "DataGuardAuditStreams" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        cells.Add(reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty);
                    }
                }
            }
        }

        Assert.True(records.Count >= 8, $"expected the scenario to write records, got {records.Count}");
        foreach (var planted in new[] { Planted, "919876543210", "9876543210", "98765 43210", "98765-43210" })
        {
            Assert.DoesNotContain(cells, cell => cell.Contains(planted, StringComparison.Ordinal));
        }
    }

    private static AuditEvent Event(int writer, int batch, int item) => new()
    {
        Action = AuditActions.Read,
        Resource = "Writer",
        Reason = string.Create(CultureInfo.InvariantCulture, $"w{writer}-b{batch}-i{item}"),
        Count = 1,
        Timestamp = DateTimeOffset.UtcNow,
    };

    private static IAuditTrail Trail(TestHost<AuditTestDbContext> host) => host.Services.GetRequiredService<IAuditTrail>();

    private static async Task WriteEventsAsync(TestHost<AuditTestDbContext> host, int count)
    {
        var sink = host.Services.GetRequiredService<IAuditSink>();
        for (var i = 0; i < count; i++)
        {
            await sink.WriteAsync(new AuditEvent { Action = AuditActions.Export, Resource = "report", Count = i });
        }

        await Trail(host).FlushAsync();
    }

    private static async Task<List<AuditRecord>> ReadAllAsync(IAuditTrail trail, string stream)
    {
        var result = new List<AuditRecord>();
        await foreach (var record in trail.ReadAsync(stream))
        {
            result.Add(record);
        }

        return result;
    }

    private static async Task ExecuteAsync(TestHost<AuditTestDbContext> host, string sql)
    {
        await using var db = host.CreateContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private Task<TestHost<AuditTestDbContext>> StartAsync(Action<AuditOptions>? configure = null, string? connectionString = null, string? keysDirectory = null)
        => TestHost<AuditTestDbContext>.StartAsync(
            Database,
            connectionString,
            configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN").AddAudit(configure),
            keysDirectory: keysDirectory);
}
