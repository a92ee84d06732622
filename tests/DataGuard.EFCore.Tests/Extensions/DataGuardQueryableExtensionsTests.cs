// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Fixtures;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.Extensions;

/// <summary><c>WhereEquals</c> and <c>WhereEqualsAny</c>: equality through blind indexes, on a SQLite file.</summary>
public sealed class DataGuardQueryableExtensionsTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    [Fact]
    public async Task WhereEquals_CaseInsensitiveNormalizer_FindsValueWrittenInAnotherCase()
    {
        var prefix = await AddContactsAsync(("stored", "ALICE@example.com "), ("other", "bob@example.com"));
        await using var db = fixture.Host.CreateContext();

        var found = await Contacts(db, prefix).WhereEquals(c => c.Email, "alice@example.com").Select(c => c.Name).ToListAsync();
        var foundUpper = await Contacts(db, prefix).WhereEquals(c => c.Email, " Alice@EXAMPLE.com").Select(c => c.Name).ToListAsync();

        Assert.Equal([prefix + "stored"], found);
        Assert.Equal([prefix + "stored"], foundUpper);
    }

    [Fact]
    public async Task WhereEquals_DigitsNormalizer_FindsFormattedNumber()
    {
        var tenant = await AddCallsAsync("+91 98765-43210", "+91 98765-43211");
        await using var db = fixture.Host.CreateContext();

        var found = await db.CallLogs.Where(c => c.TenantId == tenant).WhereEquals(c => c.CallerNumber, "+919876543210").ToListAsync();

        Assert.Equal("+91 98765-43210", Assert.Single(found).CallerNumber);
    }

    [Fact]
    public async Task WhereEquals_ExactValueWithoutNormalizerMatch_FindsNothing()
    {
        var tenant = await AddCallsAsync("+919876543210");
        await using var db = fixture.Host.CreateContext();

        var found = await db.CallLogs.Where(c => c.TenantId == tenant).WhereEquals(c => c.CallerNumber, "+919876543219").CountAsync();

        Assert.Equal(0, found);
    }

    [Fact]
    public async Task WhereEquals_OwnedTypeProperty_FindsRow()
    {
        var prefix = Guid.NewGuid().ToString("N");
        await using (var db = fixture.Host.CreateContext())
        {
            db.Contacts.AddRange(
                new Contact { Name = prefix + "home", Home = new Address { Phone = "+15551234", City = "Lyon" } },
                new Contact { Name = prefix + "other", Home = new Address { Phone = "+15554321", City = "Lyon" } });
            await db.SaveChangesAsync();
        }

        await using var check = fixture.Host.CreateContext();
        var found = await Contacts(check, prefix).WhereEquals(c => c.Home!.Phone, "+15551234").SingleAsync();

        Assert.Equal(prefix + "home", found.Name);
        Assert.Equal("+15551234", found.Home!.Phone);
    }

    [Fact]
    public async Task WhereEquals_Null_FindsRowsWithNull()
    {
        var prefix = await AddContactsAsync(("none", null), ("some", "carol@example.com"));
        await using var db = fixture.Host.CreateContext();

        var found = await Contacts(db, prefix).WhereEquals(c => c.Email, null).Select(c => c.Name).ToListAsync();

        Assert.Equal([prefix + "none"], found);
    }

    [Fact]
    public async Task WhereEqualsAny_Values_FindsEveryMatch()
    {
        var prefix = await AddContactsAsync(("a", "a@example.com"), ("b", "b@example.com"), ("c", "c@example.com"));
        await using var db = fixture.Host.CreateContext();

        var found = await Contacts(db, prefix)
            .WhereEqualsAny(c => c.Email, ["A@example.com", "c@example.com", "missing@example.com"])
            .OrderBy(c => c.Name)
            .Select(c => c.Name)
            .ToListAsync();

        Assert.Equal([prefix + "a", prefix + "c"], found);
    }

    [Fact]
    public async Task WhereEqualsAny_ValuesAndNull_FindsMatchesAndNullRows()
    {
        var prefix = await AddContactsAsync(("a", "a@example.com"), ("b", "b@example.com"), ("none", null));
        await using var db = fixture.Host.CreateContext();

        var found = await Contacts(db, prefix).WhereEqualsAny(c => c.Email, [null, "b@example.com"]).OrderBy(c => c.Name).Select(c => c.Name).ToListAsync();

        Assert.Equal([prefix + "b", prefix + "none"], found);
    }

    [Fact]
    public async Task WhereEqualsAny_EmptyList_FindsNothing()
    {
        var prefix = await AddContactsAsync(("a", "a@example.com"), ("none", null));
        await using var db = fixture.Host.CreateContext();

        var found = await Contacts(db, prefix).WhereEqualsAny(c => c.Email, new List<string?>()).CountAsync();

        Assert.Equal(0, found);
    }

    [Fact]
    public async Task WhereEquals_FluentlyConfiguredProperty_FindsRow()
    {
        await using (var db = fixture.Host.CreateContext())
        {
            db.FluentSecrets.AddRange(new FluentSecret { Secret = "Fluent-Value-1" }, new FluentSecret { Secret = "fluent-value-2" });
            await db.SaveChangesAsync();
        }

        await using var check = fixture.Host.CreateContext();
        var found = await check.FluentSecrets.WhereEquals(f => f.Secret, "FLUENT-VALUE-1").ToListAsync();

        Assert.Equal("Fluent-Value-1", Assert.Single(found).Secret);
    }

    [Fact]
    public async Task WhereEquals_SearchableValueType_FindsRow()
    {
        await using (var db = fixture.Host.CreateContext())
        {
            db.AllTypes.AddRange(new AllTypes { Int = 1, SearchableLong = 4_242_424_242 }, new AllTypes { Int = 2, SearchableLong = 7 });
            await db.SaveChangesAsync();
        }

        await using var check = fixture.Host.CreateContext();
        var found = await check.AllTypes.WhereEquals(a => a.SearchableLong, 4_242_424_242).ToListAsync();

        Assert.Equal(1, Assert.Single(found).Int);
    }

    [Fact]
    public async Task WhereEquals_ComposedWithOtherOperators_Works()
    {
        var tenant = await AddCallsAsync("+919876543210", "+919876543210", "+14155550100");
        await using var db = fixture.Host.CreateContext();

        var transcripts = await db.CallLogs
            .WhereEquals(c => c.CallerNumber, "+91 98765 43210")
            .Where(c => c.TenantId == tenant)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Transcript })
            .ToListAsync();

        Assert.Equal(2, transcripts.Count);
        Assert.All(transcripts, t => Assert.Equal("transcript of +919876543210", t.Transcript));
    }

    [Fact]
    public async Task WhereEquals_NonSearchableEncryptedProperty_ThrowsDataGuardQueryException()
    {
        await using var db = fixture.Host.CreateContext();

        var ex = Assert.Throws<DataGuardQueryException>(() => db.CallLogs.WhereEquals(c => c.Transcript, "hello"));

        Assert.Contains("CallLog.Transcript", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not searchable", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hello", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhereEquals_PlainProperty_ThrowsDataGuardQueryException()
    {
        await using var db = fixture.Host.CreateContext();

        var ex = Assert.Throws<DataGuardQueryException>(() => db.CallLogs.WhereEquals(c => c.Note, "note"));

        Assert.Contains("CallLog.Note", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhereEquals_SelectorIsNotAPropertyAccess_ThrowsArgumentException()
    {
        await using var db = fixture.Host.CreateContext();

        var computed = Assert.Throws<ArgumentException>(() => db.Contacts.WhereEquals(c => c.Name + "x", "a"));
        var constant = Assert.Throws<ArgumentException>(() => db.Contacts.WhereEquals(c => "constant", "a"));

        Assert.Equal("selector", computed.ParamName);
        Assert.Equal("selector", constant.ParamName);
    }

    [Fact]
    public void WhereEquals_QueryNotFromDbSet_ThrowsInvalidOperationException()
    {
        var source = new List<Contact>().AsQueryable();

        var ex = Assert.Throws<InvalidOperationException>(() => source.WhereEquals(c => c.Email, "a@example.com"));

        Assert.Contains("DbSet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhereEquals_NullArguments_Throw()
    {
        await using var db = fixture.Host.CreateContext();

        Assert.Throws<ArgumentNullException>(() => DataGuardQueryableExtensions.WhereEquals<Contact, string?>(null!, c => c.Email, "x"));
        Assert.Throws<ArgumentNullException>(() => db.Contacts.WhereEquals<Contact, string?>(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => db.Contacts.WhereEqualsAny(c => c.Email, null!));
    }

    [Fact]
    public async Task WhereEquals_AfterIndexKeyRotation_FindsRowsIndexedUnderOldAndNewKeys()
    {
        await using var database = new SqliteFixture();
        await database.InitializeAsync();
        await using var host = await TestHost.StartAsync(database);
        await using (var db = host.CreateContext())
        {
            db.CallLogs.Add(new CallLog { CallerNumber = "+919876543210", Note = "old" });
            await db.SaveChangesAsync();
        }

        var newKey = await host.KeyRing.RotateIndexKeyAsync();
        await using (var db = host.CreateContext())
        {
            db.CallLogs.Add(new CallLog { CallerNumber = "+91 98765 43210", Note = "new" });
            await db.SaveChangesAsync();
        }

        await using var check = host.CreateContext();
        var found = await check.CallLogs.WhereEquals(c => c.CallerNumber, "+919876543210").OrderBy(c => c.Note).Select(c => c.Note).ToListAsync();
        var foundAny = await check.CallLogs.WhereEqualsAny(c => c.CallerNumber, ["+919876543210", "+10000000000"]).CountAsync();
        var indexes = await check.CallLogs.OrderBy(c => c.Note).Select(c => EF.Property<string>(c, "CallerNumberBlindIndex")).ToListAsync();

        Assert.Equal(["new", "old"], found);
        Assert.Equal(2, foundAny);
        Assert.NotEqual(indexes[0], indexes[1]);
        Assert.Contains(host.KeyRing.GetKeys(), k => k.Id == newKey && k.IsActive);
    }

    private static IQueryable<Contact> Contacts(TestDbContext db, string prefix) => db.Contacts.Where(c => c.Name.StartsWith(prefix));

    private async Task<string> AddContactsAsync(params (string Name, string? Email)[] contacts)
    {
        var prefix = Guid.NewGuid().ToString("N");
        await using var db = fixture.Host.CreateContext();
        db.Contacts.AddRange(contacts.Select(c => new Contact { Name = prefix + c.Name, Email = c.Email }));
        await db.SaveChangesAsync();
        return prefix;
    }

    private async Task<Guid> AddCallsAsync(params string[] numbers)
    {
        var tenant = Guid.NewGuid();
        await using var db = fixture.Host.CreateContext();
        db.CallLogs.AddRange(numbers.Select(n => new CallLog { TenantId = tenant, CallerNumber = n, Transcript = "transcript of " + n.Replace(" ", string.Empty, StringComparison.Ordinal) }));
        await db.SaveChangesAsync();
        return tenant;
    }
}
