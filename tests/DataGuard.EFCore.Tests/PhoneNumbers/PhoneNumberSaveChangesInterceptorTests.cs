// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Model;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.EFCore.Tests.PhoneNumbers;

/// <summary>
/// Phone-number properties are stored in E.164, whatever form they were written in; invalid numbers are refused before anything is
/// written, with a message naming the property and the reason and showing only a masked form; blind-index lookups find every form.
/// </summary>
public sealed class PhoneNumberSaveChangesInterceptorTests : IAsyncLifetime
{
    private readonly SqliteFixture _database = new();
    private TestHost<PhoneDbContext>? _host;

    private TestHost<PhoneDbContext> Host => _host!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _host = await TestHost<PhoneDbContext>.StartAsync(
            _database,
            configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN"),
            services: s => s.AddSingleton<IDataGuardTenantContext, TestTenantContext>());
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("+91 98765 43210")]
    [InlineData("098765 43210")]
    [InlineData("+919876543210")]
    [InlineData("0091 98765-43210")]
    [InlineData("(98765) 43210")]
    public async Task Insert_AnyWrittenForm_StoresE164(string written)
    {
        var id = await InsertAsync(new PhoneContact { Mobile = written, Office = written, Fax = written, Address = new PhoneAddress { City = "Pune", Landline = written } });

        await using var db = Host.CreateContext();
        var stored = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal("+919876543210", stored.Mobile);
        Assert.Equal("+919876543210", stored.Office);
        Assert.Equal("+919876543210", stored.Fax);
        Assert.Equal("+919876543210", stored.Address!.Landline);
    }

    [Fact]
    public async Task Insert_SetsTrackedPropertyToE164()
    {
        await using var db = Host.CreateContext();
        var contact = new PhoneContact { Mobile = "098765 43210" };
        db.Contacts.Add(contact);
        db.SaveChanges();

        Assert.Equal("+919876543210", contact.Mobile);
    }

    [Theory]
    [InlineData("+91 98765 43210")]
    [InlineData("098765 43210")]
    [InlineData("+919876543210")]
    public async Task WhereEquals_AnyWrittenForm_FindsTheRow(string query)
    {
        var id = await InsertAsync(new PhoneContact { Mobile = "+91 98765 00001" });
        var other = await InsertAsync(new PhoneContact { Mobile = "+91 98765 00002" });

        await using var db = Host.CreateContext();
        var found = await db.Contacts.WhereEquals(c => c.Mobile, query.Replace("43210", "00001", StringComparison.Ordinal)).Select(c => c.Id).ToListAsync();

        Assert.Contains(id, found);
        Assert.DoesNotContain(other, found);
    }

    [Fact]
    public async Task Update_TrackedChange_NormalisesNewValue()
    {
        var id = await InsertAsync(new PhoneContact { Mobile = "+919876543210" });
        await using (var db = Host.CreateContext())
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == id);
            contact.Office = "+44 20 7946 0958";
            await db.SaveChangesAsync();
        }

        await using var check = Host.CreateContext();
        Assert.Equal("+442079460958", (await check.Contacts.AsNoTracking().SingleAsync(c => c.Id == id)).Office);
    }

    [Fact]
    public async Task Update_DetachedEntity_NormalisesValue()
    {
        var id = await InsertAsync(new PhoneContact { Mobile = "+919876543210" });
        await using (var db = Host.CreateContext())
        {
            db.Update(new PhoneContact { Id = id, Mobile = "98765 43210", Office = "98765 43211" });
            await db.SaveChangesAsync();
        }

        await using var check = Host.CreateContext();
        var stored = await check.Contacts.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal("+919876543210", stored.Mobile);
        Assert.Equal("+919876543211", stored.Office);
    }

    [Fact]
    public async Task Insert_NationalNumber_UsesTenantRegionOverDefault()
    {
        TestTenantContext.Region = "GB";
        await using var db = Host.CreateContext();
        var contact = new PhoneContact { Mobile = "020 7946 0958" };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();

        Assert.Equal("+442079460958", contact.Mobile);
    }

    [Fact]
    public async Task WhereEquals_ExplicitRegion_ReadsNationalForm()
    {
        var id = await InsertAsync(new PhoneContact { Mobile = "+44 20 7946 0959" });

        await using var db = Host.CreateContext();
        Assert.Equal([id], await db.Contacts.WhereEquals(c => c.Mobile, "020 7946 0959", region: "GB").Select(c => c.Id).ToListAsync());
        Assert.Empty(await db.Contacts.WhereEquals(c => c.Mobile, "020 7946 0959", region: "IN").Select(c => c.Id).ToListAsync());
    }

    [Fact]
    public async Task WhereEquals_FromDbSetInTenantScope_UsesTenantRegion()
    {
        var id = await InsertAsync(new PhoneContact { Mobile = "+44 20 7946 0957" });

        TestTenantContext.Region = "GB";
        await using var db = Host.CreateContext();
        Assert.Equal([id], await db.Contacts.WhereEquals(c => c.Mobile, "020 7946 0957").Select(c => c.Id).ToListAsync());
    }

    [Fact]
    public async Task WhereEquals_ComposedQueryWithTenantRegions_RequiresExplicitRegion()
    {
        await using var db = Host.CreateContext();
        var ex = Assert.Throws<DataGuardQueryException>(() => db.Contacts.Where(c => c.Id > 0).WhereEquals(c => c.Mobile, "020 7946 0957"));

        Assert.Contains("region", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("7946", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12", PhoneNumberError.TooShort)]
    [InlineData("not a number", PhoneNumberError.NotANumber)]
    [InlineData("+999 1234 5678", PhoneNumberError.InvalidCountryCode)]
    [InlineData("+1 099 555 0100", PhoneNumberError.InvalidForRegion)]
    [InlineData("   ", PhoneNumberError.Empty)]
    public async Task Insert_InvalidNumber_RefusedWithPropertyReasonAndNoRawValue(string written, PhoneNumberError expected)
    {
        await using var db = Host.CreateContext();
        db.Contacts.Add(new PhoneContact { Mobile = "+919876543210", Office = written });

        var ex = await Assert.ThrowsAsync<DataGuardValidationException>(() => db.SaveChangesAsync());

        Assert.Equal("PhoneContact.Office", ex.Property);
        Assert.Equal(expected, ex.PhoneNumberError);
        Assert.StartsWith("PhoneContact.Office: ", ex.Message, StringComparison.Ordinal);
        var digits = new string(Array.FindAll(written.ToCharArray(), char.IsAsciiDigit));
        if (digits.Length > 3)
        {
            Assert.DoesNotContain(digits, ex.Message.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        if (written.Trim().Length > 0)
        {
            Assert.DoesNotContain(written.Trim(), ex.Message, StringComparison.Ordinal);
        }

        await using var check = Host.CreateContext();
        Assert.False(await check.Contacts.AnyAsync(c => c.Office == written));
    }

    [Fact]
    public async Task Insert_NationalNumberWithoutAnyRegion_RefusedAsMissingRegion()
    {
        await using var database = new SqliteFixture();
        await database.InitializeAsync();
        await using var host = await TestHost<PhoneDbContext>.StartAsync(database, configure: dg => dg.AddPhoneNumbers());
        await using var db = host.CreateContext();
        db.Contacts.Add(new PhoneContact { Mobile = "098765 43210" });

        var ex = await Assert.ThrowsAsync<DataGuardValidationException>(() => db.SaveChangesAsync());

        Assert.Equal(PhoneNumberError.MissingRegion, ex.PhoneNumberError);
        Assert.Equal("PhoneContact.Mobile", ex.Property);
    }

    [Fact]
    public async Task Model_PhoneNumberWithoutAddPhoneNumbers_FailsNamingTheCall()
    {
        await using var database = new SqliteFixture();
        await database.InitializeAsync();
        var ex = await Assert.ThrowsAnyAsync<InvalidOperationException>(async () =>
        {
            await using var host = await TestHost<PhoneDbContext>.StartAsync(database);
            await using var db = host.CreateContext();
            _ = db.Model;
        });

        Assert.Contains("AddPhoneNumbers", ex.ToString(), StringComparison.Ordinal);
    }

    private async Task<long> InsertAsync(PhoneContact contact)
    {
        await using var db = Host.CreateContext();
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    }
}
