// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>The EF Core audit interceptors (SaveChanges, reads, bulk changes) writing through AddAudit to the EF store, on SQLite files.</summary>
public sealed class AuditInterceptorTests(AuditStoreFixture fixture) : IClassFixture<AuditStoreFixture>
{
    private const string Number = "+919876543210";
    private const string OtherNumber = "+919812345678";

    [Fact]
    public async Task Create_RecordsPropertyNamesKeyAndSubject_NeverValues()
    {
        await using var host = await StartAsync();
        int id;
        await using (var db = host.CreateContext())
        {
            var caller = new AuditedCaller { Number = Number, Name = "Asha Rao" };
            db.Callers.Add(caller);
            await db.SaveChangesAsync();
            id = caller.Id;
        }

        var record = Assert.Single(await RecordsAsync(host));
        Assert.Equal(AuditActions.Create, record.Event.Action);
        Assert.Equal(AuditOutcome.Success, record.Event.Outcome);
        Assert.Equal(nameof(AuditedCaller), record.Event.Resource);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Event.ResourceId);
        Assert.Equal(["Calls", "Name", "Number"], record.Event.Properties);
        Assert.Equal([Hash(host, Number)], record.Event.Subjects);
        Assert.Equal(1, record.Event.Count);
        AssertNoValues(record, "9876543210", "Asha");
    }

    [Fact]
    public async Task Update_RecordsOnlyChangedProperties_AndBothSubjectsWhenTheSubjectChanges()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            var caller = new AuditedCaller { Number = Number, Name = "Asha" };
            db.Callers.Add(caller);
            await db.SaveChangesAsync();
            caller.Name = "Asha Rao";
            await db.SaveChangesAsync();
            caller.Number = OtherNumber;
            await db.SaveChangesAsync();
        }

        var records = await RecordsAsync(host);
        Assert.Equal([AuditActions.Create, AuditActions.Update, AuditActions.Update], records.Select(r => r.Event.Action));
        Assert.Equal(["Name"], records[1].Event.Properties);
        Assert.Equal([Hash(host, Number)], records[1].Event.Subjects);
        Assert.Equal(["Number"], records[2].Event.Properties);
        Assert.Equal(new[] { Hash(host, Number), Hash(host, OtherNumber) }.Order(StringComparer.Ordinal), records[2].Event.Subjects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delete_RecordsTheOriginalSubject_FluentDataSubjectToo()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            var note = new AuditedNote { CustomerId = "cust-17", Text = "called about billing" };
            db.Notes.Add(note);
            await db.SaveChangesAsync();
            db.Notes.Remove(note);
            await db.SaveChangesAsync();
        }

        var records = await RecordsAsync(host);
        Assert.Equal([AuditActions.Create, AuditActions.Delete], records.Select(r => r.Event.Action));
        Assert.All(records, r => Assert.Equal([Hash(host, "cust-17")], r.Event.Subjects));
        Assert.Empty(records[1].Event.Properties);
        Assert.Equal(records[0].Event.ResourceId, records[1].Event.ResourceId);
        AssertNoValues(records[0], "billing", "cust-17");
    }

    [Fact]
    public async Task BlankDataSubject_SavesAndIsAudited_WithoutASubject()
    {
        // Bad input: a blank subject identifies no one; it must neither fail the application's save nor be hashed.
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            db.Notes.Add(new AuditedNote { CustomerId = "   ", Text = "walk-in" });
            await db.SaveChangesAsync();
        }

        var record = Assert.Single(await RecordsAsync(host));
        Assert.Equal(AuditActions.Create, record.Event.Action);
        Assert.Equal(AuditOutcome.Success, record.Event.Outcome);
        Assert.Empty(record.Event.Subjects);
    }

    [Fact]
    public async Task FailedSave_IsRecordedAsFailed_WithTheExceptionTypeOnly()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            db.Callers.Add(new AuditedCaller { Id = 5, Number = Number });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            db.Callers.Add(new AuditedCaller { Id = 5, Number = OtherNumber });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        var records = await RecordsAsync(host);
        var failed = records[1];
        Assert.Equal(AuditActions.Create, failed.Event.Action);
        Assert.Equal(AuditOutcome.Failed, failed.Event.Outcome);
        Assert.Equal(nameof(DbUpdateException), failed.Event.Reason);
        Assert.Equal([Hash(host, OtherNumber)], failed.Event.Subjects);
    }

    [Fact]
    public async Task SynchronousSave_IsAudited()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            db.Callers.Add(new AuditedCaller { Number = Number });
            db.SaveChanges();
        }

        Assert.Equal(AuditActions.Create, Assert.Single(await RecordsAsync(host)).Event.Action);
    }

    [Fact]
    public async Task Read_OneRecordPerQueryAndEntityType_WithRowCountAndSubjects()
    {
        // Guarantee: reads are aggregated per query (one record with the row count), not one per row.
        await using var host = await StartAsync();
        await SeedCallersAsync(host, 3);
        var before = (await RecordsAsync(host)).Count;

        await using (var db = host.CreateContext())
        {
            Assert.Equal(3, (await db.Callers.ToListAsync()).Count);
        }

        var read = Assert.Single((await RecordsAsync(host)).Skip(before));
        Assert.Equal(AuditActions.Read, read.Event.Action);
        Assert.Equal(nameof(AuditedCaller), read.Event.Resource);
        Assert.Equal(3, read.Event.Count);
        Assert.Equal(3, read.Event.Subjects.Count);
        Assert.Contains(Hash(host, "+919800000001"), read.Event.Subjects);
    }

    [Fact]
    public async Task Read_Projection_IsCounted_WithoutSubjects_AndSyncQueriesToo()
    {
        // Guarantee: projections, which materialization interceptors never see, are audited at the reader level.
        await using var host = await StartAsync();
        await SeedCallersAsync(host, 4);
        var before = (await RecordsAsync(host)).Count;

        await using (var db = host.CreateContext())
        {
            Assert.Equal(4, (await db.Callers.Select(c => c.Name).ToListAsync()).Count);
            Assert.Equal(2, db.Callers.Where(c => c.Id <= 2).Select(c => new { c.Id, c.Number }).ToList().Count);
        }

        var reads = (await RecordsAsync(host)).Skip(before).ToList();
        Assert.Equal([4, 2], reads.Select(r => r.Event.Count));
        Assert.All(reads, r => Assert.Equal(AuditActions.Read, r.Event.Action));
        Assert.All(reads, r => Assert.Empty(r.Event.Subjects));
    }

    [Fact]
    public async Task Read_FirstAndEmptyResults_CountTheRowsReturned()
    {
        await using var host = await StartAsync();
        await SeedCallersAsync(host, 1);
        var before = (await RecordsAsync(host)).Count;

        await using (var db = host.CreateContext())
        {
            await db.Callers.FirstAsync();
            await db.Callers.Where(c => c.Id > 100).ToListAsync();
            await db.Callers.SingleAsync();
        }

        Assert.Equal([1, 0, 1], (await RecordsAsync(host)).Skip(before).Select(r => r.Event.Count));
    }

    [Fact]
    public async Task ExecuteUpdateAndExecuteDelete_AreAudited_WithRowsAffected()
    {
        await using var host = await StartAsync();
        await SeedCallersAsync(host, 5);
        var before = (await RecordsAsync(host)).Count;

        await using (var db = host.CreateContext())
        {
            Assert.Equal(3, await db.Callers.Where(c => c.Id <= 3).ExecuteUpdateAsync(s => s.SetProperty(c => c.Calls, 9)));
            Assert.Equal(2, db.Callers.Where(c => c.Id > 3).ExecuteDelete());
        }

        var bulk = (await RecordsAsync(host)).Skip(before).ToList();
        Assert.Equal([AuditActions.Update, AuditActions.Delete], bulk.Select(r => r.Event.Action));
        Assert.Equal([3, 2], bulk.Select(r => r.Event.Count));
        Assert.All(bulk, r => Assert.Equal(nameof(AuditedCaller), r.Event.Resource));
    }

    [Fact]
    public async Task EntitiesWithoutPersonalData_AndDataGuardTables_AreNotAudited()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            db.Entries.Add(new PlainEntry { Label = "x" });
            await db.SaveChangesAsync();
            await db.Entries.ToListAsync();
            await db.Entries.ExecuteDeleteAsync();
        }

        // Reading the trail (the audit tables) twice writes nothing either.
        Assert.Empty(await RecordsAsync(host));
        Assert.Empty(await RecordsAsync(host));
    }

    [Fact]
    public async Task AuditChangesAndAuditReadsOff_WriteNothing()
    {
        await using var host = await StartAsync(o =>
        {
            o.AuditChanges = false;
            o.AuditReads = false;
        });
        await SeedCallersAsync(host, 2);
        await using (var db = host.CreateContext())
        {
            await db.Callers.ToListAsync();
            await db.Callers.ExecuteDeleteAsync();
        }

        Assert.Empty(await RecordsAsync(host));
    }

    [Fact]
    public async Task SynchronousMode_InApplicationTransaction_RecordsRollBackWithTheData()
    {
        // Guarantee: with WriteMode = Synchronous, records of a save inside the application's transaction commit or roll back with it.
        await using var host = await StartAsync(o => o.WriteMode = AuditWriteMode.Synchronous);
        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Callers.Add(new AuditedCaller { Number = Number });
            await db.SaveChangesAsync();
            await db.Callers.ToListAsync();
            await transaction.RollbackAsync();
        }

        Assert.Empty(await RecordsAsync(host));

        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Callers.Add(new AuditedCaller { Number = Number });
            await db.SaveChangesAsync();
            await db.Callers.ToListAsync();
            await transaction.CommitAsync();
        }

        Assert.Equal([AuditActions.Create, AuditActions.Read], (await RecordsAsync(host)).Select(r => r.Event.Action));
        Assert.True((await host.Services.GetRequiredService<IAuditTrail>().VerifyAsync(IAuditTrail.SystemStream)).IsValid);
    }

    [Fact]
    public async Task KeyThatIsPersonalData_IsNeverWrittenAsResourceId()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            db.Accounts.Add(new KeyedBySubject { Email = "asha@example.com", Note = "n" });
            await db.SaveChangesAsync();
        }

        var record = Assert.Single(await RecordsAsync(host));
        Assert.Null(record.Event.ResourceId);
        Assert.Equal([Hash(host, "asha@example.com")], record.Event.Subjects);
        AssertNoValues(record, "asha");
    }

    [Fact]
    public async Task TenantOfTheTenantContext_SelectsTheStream()
    {
        var tenant = new FixedTenantContext { TenantId = "t-9" };
        await using var host = await TestHost<AuditDbContext>.StartAsync(
            fixture.Database,
            configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN").AddAudit(),
            services: s => s.AddSingleton<IDataGuardTenantContext>(tenant));
        await using (var db = host.CreateContext())
        {
            db.Callers.Add(new AuditedCaller { Number = Number });
            await db.SaveChangesAsync();
        }

        var trail = host.Services.GetRequiredService<IAuditTrail>();
        await trail.FlushAsync();
        Assert.Equal(["tenant:t-9"], await trail.GetStreamsAsync());
        await foreach (var record in trail.ReadAsync("tenant:t-9"))
        {
            Assert.Equal("t-9", record.Event.TenantId);
        }
    }

    [Fact]
    public async Task AuditContext_CollectsTheSubjectsTouched()
    {
        await using var host = await StartAsync();
        using var scope = AuditContext.Begin("support call");
        await using (var db = host.CreateContext())
        {
            db.Callers.Add(new AuditedCaller { Number = Number });
            await db.SaveChangesAsync();
        }

        Assert.Equal([Hash(host, Number)], scope.Context.GetSubjects());
        Assert.Equal("support call", Assert.Single(await RecordsAsync(host)).Event.Purpose);
    }

    private static string Hash(TestHost<AuditDbContext> host, string value) => host.Services.GetRequiredService<IAuditSubjectHasher>().Hash(value);

    private static void AssertNoValues(AuditRecord record, params string[] values)
    {
        var e = record.Event;
        var fields = new List<string?> { e.Action, e.ActorId, e.ClientId, e.TenantId, e.Resource, e.ResourceId, e.Purpose, e.Reason, e.TraceId, e.RemoteAddress };
        fields.AddRange(e.ActorRoles);
        fields.AddRange(e.Properties);
        fields.AddRange(e.Subjects);
        foreach (var value in values)
        {
            Assert.DoesNotContain(fields, f => f is not null && f.Contains(value, StringComparison.Ordinal));
        }
    }

    private static async Task SeedCallersAsync(TestHost<AuditDbContext> host, int count)
    {
        await using var db = host.CreateContext();
        for (var i = 1; i <= count; i++)
        {
            db.Callers.Add(new AuditedCaller { Id = i, Number = "+9198000000" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture), Name = "n" + i });
        }

        await db.SaveChangesAsync();
    }

    private static async Task<List<AuditRecord>> RecordsAsync(TestHost<AuditDbContext> host)
    {
        var trail = host.Services.GetRequiredService<IAuditTrail>();
        await trail.FlushAsync();
        var result = new List<AuditRecord>();
        await foreach (var record in trail.ReadAsync(IAuditTrail.SystemStream))
        {
            result.Add(record);
        }

        return result;
    }

    private Task<TestHost<AuditDbContext>> StartAsync(Action<AuditOptions>? configure = null)
        => TestHost<AuditDbContext>.StartAsync(fixture.Database, configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN").AddAudit(configure));
}
