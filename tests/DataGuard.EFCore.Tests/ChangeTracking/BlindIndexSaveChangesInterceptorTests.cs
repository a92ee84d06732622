// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.ChangeTracking;
using DataGuard.EFCore.Tests.Fixtures;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.ChangeTracking;

/// <summary>
/// The blind index is right after every SaveChanges path. Each test reads the raw shadow column back and compares it with
/// the index of the expected (normalised) value.
/// </summary>
public sealed class BlindIndexSaveChangesInterceptorTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private const string CallerIndex = "CallerNumberBlindIndex";

    [Fact]
    public async Task SaveChanges_Insert_WritesIndexOfNormalizedValue()
    {
        var id = await InsertCallAsync("+91 98765-43210");

        var index = await ReadCallerIndexAsync(id);

        Assert.NotNull(index);
        Assert.Equal(await ExpectedCallerIndexAsync("+919876543210"), index);
    }

    [Fact]
    public async Task SaveChanges_SynchronousInsert_WritesIndex()
    {
        long id;
        await using (var db = fixture.Host.CreateContext())
        {
            var log = new CallLog { CallerNumber = "+14155550100" };
            db.CallLogs.Add(log);
            db.SaveChanges();
            id = log.Id;
        }

        Assert.Equal(await ExpectedCallerIndexAsync("+14155550100"), await ReadCallerIndexAsync(id));
    }

    [Fact]
    public async Task SaveChanges_TrackedUpdate_RewritesIndex()
    {
        var id = await InsertCallAsync("+919876543210");
        await using (var db = fixture.Host.CreateContext())
        {
            var log = await db.CallLogs.SingleAsync(c => c.Id == id);
            log.CallerNumber = "+442071838750";
            await db.SaveChangesAsync();
        }

        Assert.Equal(await ExpectedCallerIndexAsync("+442071838750"), await ReadCallerIndexAsync(id));
        await using var check = fixture.Host.CreateContext();
        Assert.True(await check.CallLogs.WhereEquals(c => c.CallerNumber, "+442071838750").AnyAsync(c => c.Id == id));
        Assert.False(await check.CallLogs.WhereEquals(c => c.CallerNumber, "+919876543210").AnyAsync(c => c.Id == id));
    }

    [Fact]
    public async Task SaveChanges_DetachedUpdateFromAnotherContext_RewritesIndex()
    {
        var id = await InsertCallAsync("+919876543210");
        CallLog detached;
        await using (var db = fixture.Host.CreateContext())
        {
            detached = await db.CallLogs.AsNoTracking().SingleAsync(c => c.Id == id);
        }

        detached.CallerNumber = "+442071838750";
        await using (var db = fixture.Host.CreateContext())
        {
            db.Update(detached);
            await db.SaveChangesAsync();
        }

        Assert.Equal(await ExpectedCallerIndexAsync("+442071838750"), await ReadCallerIndexAsync(id));
    }

    [Fact]
    public async Task SaveChanges_DetachedUpdateWithUnchangedValue_KeepsIndex()
    {
        var id = await InsertCallAsync("+919876543210");
        var before = await ReadCallerIndexAsync(id);
        CallLog detached;
        await using (var db = fixture.Host.CreateContext())
        {
            detached = await db.CallLogs.AsNoTracking().SingleAsync(c => c.Id == id);
        }

        detached.Note = "updated elsewhere";
        await using (var db = fixture.Host.CreateContext())
        {
            db.Update(detached);
            await db.SaveChangesAsync();
        }

        Assert.NotNull(before);
        Assert.Equal(before, await ReadCallerIndexAsync(id));
    }

    [Fact]
    public async Task SaveChanges_AttachAndMarkModified_RewritesIndexOnly()
    {
        var id = await InsertCallAsync("+919876543210", note: "kept note");
        await using (var db = fixture.Host.CreateContext())
        {
            var stub = new CallLog { Id = id, CallerNumber = "+442071838750" };
            db.Attach(stub);
            db.Entry(stub).Property(p => p.CallerNumber).IsModified = true;
            await db.SaveChangesAsync();
        }

        Assert.Equal(await ExpectedCallerIndexAsync("+442071838750"), await ReadCallerIndexAsync(id));
        await using var check = fixture.Host.CreateContext();
        var log = await check.CallLogs.SingleAsync(c => c.Id == id);
        Assert.Equal("+442071838750", log.CallerNumber);
        Assert.Equal("kept note", log.Note);
    }

    [Fact]
    public async Task SaveChanges_AttachAndMarkOtherPropertyModified_KeepsIndex()
    {
        var id = await InsertCallAsync("+919876543210");
        var before = await ReadCallerIndexAsync(id);
        await using (var db = fixture.Host.CreateContext())
        {
            var stub = new CallLog { Id = id };
            db.Attach(stub);
            stub.Note = "only the note";
            await db.SaveChangesAsync();
        }

        Assert.NotNull(before);
        Assert.Equal(before, await ReadCallerIndexAsync(id));
        await using var check = fixture.Host.CreateContext();
        Assert.Equal("+919876543210", (await check.CallLogs.SingleAsync(c => c.Id == id)).CallerNumber);
    }

    [Fact]
    public async Task SaveChanges_TrackedUpdateOfOtherProperty_KeepsIndex()
    {
        var id = await InsertCallAsync("+919876543210");
        var before = await ReadCallerIndexAsync(id);
        await using (var db = fixture.Host.CreateContext())
        {
            var log = await db.CallLogs.SingleAsync(c => c.Id == id);
            log.Note = "changed";
            log.Transcript = "changed too";
            await db.SaveChangesAsync();
        }

        Assert.NotNull(before);
        Assert.Equal(before, await ReadCallerIndexAsync(id));
    }

    [Fact]
    public async Task SaveChanges_SetToNull_ClearsIndex()
    {
        int id;
        await using (var db = fixture.Host.CreateContext())
        {
            var contact = new Contact { Name = "to be cleared", Email = "clear@example.com" };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            id = contact.Id;
        }

        Assert.NotNull(await ReadContactIndexAsync(id));
        await using (var db = fixture.Host.CreateContext())
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == id);
            contact.Email = null;
            await db.SaveChangesAsync();
        }

        Assert.Null(await ReadContactIndexAsync(id));
        await using var check = fixture.Host.CreateContext();
        Assert.True(await check.Contacts.WhereEquals(c => c.Email, null).AnyAsync(c => c.Id == id));
        Assert.False(await check.Contacts.WhereEquals(c => c.Email, "clear@example.com").AnyAsync(c => c.Id == id));
    }

    [Fact]
    public async Task SaveChanges_OwnedTypeUpdate_RewritesIndex()
    {
        int id;
        await using (var db = fixture.Host.CreateContext())
        {
            var contact = new Contact { Name = "owned", Home = new Address { Phone = "+15550100", City = "Oslo" } };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            id = contact.Id;
        }

        await using (var db = fixture.Host.CreateContext())
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == id);
            contact.Home!.Phone = "+15550199";
            await db.SaveChangesAsync();
        }

        await using var check = fixture.Host.CreateContext();
        var raw = await check.Database
            .SqlQueryRaw<string>("SELECT \"Home_PhoneBlindIndex\" AS \"Value\" FROM \"Contacts\" WHERE \"Id\" = {0}", id)
            .SingleAsync();
        var expected = SearchablePropertyIndex.Find(check.Model.FindEntityType(typeof(Address))!.FindProperty(nameof(Address.Phone))!)!.Protector.ComputeBlindIndex("+15550199");
        Assert.Equal(expected, raw);
        Assert.True(await check.Contacts.WhereEquals(c => c.Home!.Phone, "+15550199").AnyAsync(c => c.Id == id));
        Assert.False(await check.Contacts.WhereEquals(c => c.Home!.Phone, "+15550100").AnyAsync(c => c.Id == id));
    }

    [Fact]
    public async Task SaveChanges_SameValueInTwoColumns_GivesDifferentIndexes()
    {
        await using var db = fixture.Host.CreateContext();
        var contact = new Contact { Name = "two columns", Email = "+15550100", Home = new Address { Phone = "+15550100", City = "Rome" } };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();

        var emailIndex = await ReadContactIndexAsync(contact.Id);
        var phoneIndex = await db.Database
            .SqlQueryRaw<string>("SELECT \"Home_PhoneBlindIndex\" AS \"Value\" FROM \"Contacts\" WHERE \"Id\" = {0}", contact.Id)
            .SingleAsync();

        Assert.NotEqual(emailIndex, phoneIndex);
    }

    private async Task<long> InsertCallAsync(string number, string note = "")
    {
        await using var db = fixture.Host.CreateContext();
        var log = new CallLog { CallerNumber = number, Note = note, TenantId = Guid.NewGuid() };
        db.CallLogs.Add(log);
        await db.SaveChangesAsync();
        return log.Id;
    }

    private async Task<string?> ReadCallerIndexAsync(long id)
    {
        await using var db = fixture.Host.CreateContext();
        return await db.CallLogs.Where(c => c.Id == id).Select(c => EF.Property<string?>(c, CallerIndex)).SingleAsync();
    }

    private async Task<string?> ReadContactIndexAsync(int id)
    {
        await using var db = fixture.Host.CreateContext();
        return await db.Contacts.Where(c => c.Id == id).Select(c => EF.Property<string?>(c, "EmailBlindIndex")).SingleAsync();
    }

    private async Task<string> ExpectedCallerIndexAsync(string value)
    {
        await using var db = fixture.Host.CreateContext();
        var property = db.Model.FindEntityType(typeof(CallLog))!.FindProperty(nameof(CallLog.CallerNumber))!;
        return SearchablePropertyIndex.Find(property)!.Protector.ComputeBlindIndex(value);
    }
}
