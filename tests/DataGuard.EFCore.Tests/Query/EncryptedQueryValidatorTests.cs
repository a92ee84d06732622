// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Model;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.Query;

/// <summary>
/// The query guard, through real queries on SQLite: every use of an encrypted property the database would evaluate on
/// ciphertext is refused when the query is compiled, naming the property; projections and null checks keep working.
/// </summary>
public sealed class EncryptedQueryValidatorTests(QueryGuardFixture fixture) : IClassFixture<QueryGuardFixture>
{
    private const string CallerNumber = "CallLog.CallerNumber";
    private const string Transcript = "CallLog.Transcript";

    // ------------------------------------------------------------------ refused

    [Fact]
    public async Task Where_EqualsValue_Throws()
    {
        var number = "+919876543210";
        await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => c.CallerNumber == number).ToListAsync());
    }

    [Fact]
    public async Task Where_ValueEqualsProperty_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => "+919876543210" == c.CallerNumber).ToListAsync());

    [Fact]
    public async Task Where_NotEqualsValue_Throws()
    {
        var number = "+919876543210";
        await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => c.CallerNumber != number).ToListAsync());
    }

    [Fact]
    public async Task Where_EfPropertyEqualsValue_Throws()
    {
        var number = "+919876543210";
        await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => EF.Property<string>(c, "CallerNumber") == number).ToListAsync());
    }

    [Fact]
    public async Task Where_EfPropertyOnObjectCast_Throws()
    {
        var number = "+919876543210";
        await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => EF.Property<string>((object)c, "CallerNumber") == number).ToListAsync());
    }

    [Fact]
    public async Task OrderBy_EfPropertyInUnconstrainedGenericHelper_Throws()
        => await RefusedAsync(Transcript, db => OrderByColumn(db.CallLogs, "Transcript").ToListAsync());

    [Fact]
    public async Task Where_MemberThroughInterfaceCast_Throws()
    {
        var number = "+1 555 0100";
        await using var db = fixture.SubscriberHost.CreateContext();

        var ex = await Assert.ThrowsAsync<DataGuardQueryException>(() => db.Calls.Where(c => ((IHasNumber)c).Number == number).ToListAsync());

        Assert.Contains("SubscriberCall.Number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_MemberInInterfaceConstrainedGenericHelper_Throws()
    {
        await using var db = fixture.SubscriberHost.CreateContext();

        var ex = await Assert.ThrowsAsync<DataGuardQueryException>(() => WhereNumber(db.Calls, "+1 555 0100").ToListAsync());

        Assert.Contains("SubscriberCall.Number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompiledQuery_EqualsValue_Throws()
    {
        var query = EF.CompileAsyncQuery((TestDbContext db, string number) => db.CallLogs.Where(c => c.CallerNumber == number));
        await RefusedAsync(CallerNumber, async db =>
        {
            await foreach (var log in query(db, "+919876543210"))
            {
                Assert.Fail("The query should have been refused, not run.");
            }
        });
    }

    [Fact]
    public async Task OrderBy_EfProperty_Throws()
        => await RefusedAsync(Transcript, db => db.CallLogs.OrderBy(c => EF.Property<string>(c, "Transcript")).ToListAsync());

    [Fact]
    public async Task Where_ListContainsProperty_Throws()
    {
        var numbers = new List<string> { "+919876543210", "+14155550100" };
        await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => numbers.Contains(c.CallerNumber)).ToListAsync());
    }

    [Fact]
    public async Task Where_PropertyContains_Throws()
        => await RefusedAsync(Transcript, db => db.CallLogs.Where(c => c.Transcript!.Contains("ell")).ToListAsync());

    [Fact]
    public async Task Where_StartsWith_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => c.CallerNumber.StartsWith("+91")).ToListAsync());

    [Fact]
    public async Task OrderBy_EncryptedProperty_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.OrderBy(c => c.CallerNumber).ToListAsync());

    [Fact]
    public async Task ThenBy_EncryptedProperty_Throws()
        => await RefusedAsync(Transcript, db => db.CallLogs.OrderBy(c => c.Id).ThenBy(c => c.Transcript).ToListAsync());

    [Fact]
    public async Task Where_StringCompare_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => string.Compare(c.CallerNumber, "+5", StringComparison.Ordinal) > 0).ToListAsync());

    [Fact]
    public async Task Where_CompareTo_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => c.CallerNumber.CompareTo("+5") < 0).ToListAsync());

    [Fact]
    public async Task Distinct_AfterProjection_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.Select(c => c.CallerNumber).Distinct().ToListAsync());

    [Fact]
    public async Task GroupBy_EncryptedProperty_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.GroupBy(c => c.CallerNumber).Select(g => g.Count()).ToListAsync());

    [Fact]
    public async Task Where_Length_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.Where(c => c.CallerNumber.Length > 5).ToListAsync());

    [Fact]
    public async Task Select_Length_Throws()
        => await RefusedAsync(Transcript, db => db.CallLogs.Select(c => c.Transcript!.Length).ToListAsync());

    [Fact]
    public async Task Select_Concatenation_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.Select(c => c.CallerNumber + " (mobile)").ToListAsync());

    [Fact]
    public async Task Where_OwnedTypeMemberEqualsValue_Throws()
    {
        var phone = "+15550001";
        await RefusedAsync("Address.Phone", db => db.Contacts.Where(c => c.Home!.Phone == phone).ToListAsync());
    }

    [Fact]
    public async Task Where_SubqueryComparesEncryptedProperties_Throws()
        => await RefusedAsync("CallLog.CallerNumber", db => db.Contacts.Where(c => db.CallLogs.Any(l => l.CallerNumber == c.Email)).ToListAsync());

    [Fact]
    public async Task Contains_AfterProjection_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.Select(c => c.CallerNumber).ContainsAsync("+919876543210"));

    [Fact]
    public async Task Max_EncryptedProperty_Throws()
        => await RefusedAsync(CallerNumber, db => db.CallLogs.MaxAsync(c => c.CallerNumber));

    [Fact]
    public async Task Min_AfterProjection_Throws()
        => await RefusedAsync(Transcript, db => db.CallLogs.Select(c => c.Transcript).MinAsync());

    [Fact]
    public async Task Include_FilteredByEncryptedValue_Throws()
    {
        var number = "+1 555 0100";
        await using var db = fixture.SubscriberHost.CreateContext();

        var ex = await Assert.ThrowsAsync<DataGuardQueryException>(
            () => db.Subscribers.Include(s => s.Calls.Where(c => c.Number == number)).ToListAsync());

        Assert.Contains("SubscriberCall.Number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_ScalarSubqueryOverProjectedEncryptedValues_Throws()
    {
        var number = "+1 555 0100";
        await using var db = fixture.SubscriberHost.CreateContext();

        var ex = await Assert.ThrowsAsync<DataGuardQueryException>(
            () => db.Subscribers.Where(s => s.Calls.Select(c => c.Number).FirstOrDefault() == number).ToListAsync());

        Assert.Contains("SubscriberCall.Number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_ContainsOverProjectedEncryptedValues_Throws()
    {
        var number = "+1 555 0100";
        await using var db = fixture.SubscriberHost.CreateContext();

        var ex = await Assert.ThrowsAsync<DataGuardQueryException>(
            () => db.Subscribers.Where(s => s.Calls.Select(c => c.Number).Contains(number)).ToListAsync());

        Assert.Contains("SubscriberCall.Number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteUpdate_SetsSearchableProperty_ThrowsAndChangesNothing()
    {
        var tenant = await SeedTenantAsync("+919876543210", "kept", "note");
        await RefusedAsync(
            CallerNumber,
            db => db.CallLogs.Where(c => c.TenantId == tenant).ExecuteUpdateAsync(s => s.SetProperty(c => c.CallerNumber, "+10000000000")));

        await using var check = fixture.Host.CreateContext();
        Assert.Equal("+919876543210", (await check.CallLogs.SingleAsync(c => c.TenantId == tenant)).CallerNumber);
    }

    [Fact]
    public async Task ExecuteUpdate_SetsEncryptedPropertyFromAnotherColumn_Throws()
    {
        var tenant = await SeedTenantAsync("+919876543210", "kept", "note");
        await RefusedAsync(
            Transcript,
            db => db.CallLogs.Where(c => c.TenantId == tenant).ExecuteUpdateAsync(s => s.SetProperty(c => c.Transcript, c => c.Note)));

        await using var check = fixture.Host.CreateContext();
        Assert.Equal("kept", (await check.CallLogs.SingleAsync(c => c.TenantId == tenant)).Transcript);
    }

    [Fact]
    public async Task ExecuteUpdate_CopiesEncryptedColumnIntoPlainColumn_Throws()
    {
        var tenant = await SeedTenantAsync("+919876543210", "kept", "note");
        await RefusedAsync(
            Transcript,
            db => db.CallLogs.Where(c => c.TenantId == tenant).ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, c => c.Transcript!)));

        await using var check = fixture.Host.CreateContext();
        Assert.Equal("note", (await check.CallLogs.SingleAsync(c => c.TenantId == tenant)).Note);
    }

    [Fact]
    public async Task ExecuteUpdate_SetsSearchablePropertyThroughEfPropertyCast_Throws()
    {
        var tenant = await SeedTenantAsync("+919876543210", "kept", "note");
        await RefusedAsync(
            CallerNumber,
            db => db.CallLogs.Where(c => c.TenantId == tenant).ExecuteUpdateAsync(s => s.SetProperty(c => EF.Property<string>((object)c, "CallerNumber"), "+10000000000")));
    }

    [Fact]
    public async Task ExecuteUpdate_SetsSearchableValueTypeProperty_Throws()
        => await RefusedAsync("AllTypes.SearchableLong", db => db.AllTypes.Where(a => a.Id < 0).ExecuteUpdateAsync(s => s.SetProperty(a => a.SearchableLong, 5L)));

    // ------------------------------------------------------------------ still allowed

    [Fact]
    public async Task Where_NotNull_FindsRowsWithValue()
    {
        await using var db = fixture.Host.CreateContext();

        var notes = await Seeded(db).Where(c => c.Transcript != null).OrderBy(c => c.Note).Select(c => c.Note).ToListAsync();

        Assert.Equal(["a", "c"], notes);
    }

    [Fact]
    public async Task Where_IsNull_FindsRowsWithoutValue()
    {
        await using var db = fixture.Host.CreateContext();

        var notes = await Seeded(db).Where(c => c.Transcript == null).Select(c => c.Note).ToListAsync();
        var ownedNull = await db.Contacts.Where(c => c.Email == null).Select(c => c.Name).ToListAsync();

        Assert.Equal(["b"], notes);
        Assert.Equal(["Bob"], ownedNull);
    }

    [Fact]
    public async Task Select_EncryptedProperty_ReturnsPlaintext()
    {
        await using var db = fixture.Host.CreateContext();

        var numbers = await Seeded(db).OrderBy(c => c.Note).Select(c => c.CallerNumber).ToListAsync();
        var phones = await db.Contacts.OrderBy(c => c.Name).Select(c => c.Home!.Phone).ToListAsync();

        Assert.Equal(["+919876543210", "+14155550100", "+442071838750"], numbers);
        Assert.Equal(["+15550001", null], phones);
    }

    [Fact]
    public async Task Select_AnonymousType_ReturnsPlaintext()
    {
        await using var db = fixture.Host.CreateContext();

        var rows = await Seeded(db).OrderBy(c => c.Note).Select(c => new { c.Note, c.CallerNumber, Text = c.Transcript }).ToListAsync();

        Assert.Equal(("a", "+919876543210", "hello"), (rows[0].Note, rows[0].CallerNumber, rows[0].Text));
        Assert.Equal(("b", "+14155550100", (string?)null), (rows[1].Note, rows[1].CallerNumber, rows[1].Text));
    }

    [Fact]
    public async Task Select_DtoMemberInit_ReturnsPlaintext()
    {
        await using var db = fixture.Host.CreateContext();

        var dto = await Seeded(db).Where(c => c.Note == "c").Select(c => new CallLogDto { Number = c.CallerNumber, Text = c.Transcript }).SingleAsync();

        Assert.Equal("+442071838750", dto.Number);
        Assert.Equal("bye", dto.Text);
    }

    [Fact]
    public async Task Select_NestedCollectionProjection_ReturnsPlaintext()
    {
        await using var db = fixture.SubscriberHost.CreateContext();

        var rows = await db.Subscribers
            .OrderBy(s => s.Name)
            .Select(s => new
            {
                s.Name,
                Numbers = s.Calls.OrderBy(c => c.Id).Select(c => c.Number).ToList(),
                Memos = s.Calls.Select(c => new { c.Memo }).ToList(),
                FirstNumber = s.Calls.OrderBy(c => c.Id).Select(c => c.Number).FirstOrDefault(),
            })
            .ToListAsync();

        Assert.Equal(["+1 555 0100", "+1 555 0101"], rows[0].Numbers);
        Assert.Equal("+1 555 0100", rows[0].FirstNumber);
        Assert.Contains(rows[0].Memos, m => m.Memo == "first");
        Assert.Empty(rows[1].Numbers);
    }

    [Fact]
    public async Task Select_ConditionalOnNullCheck_ReturnsPlaintext()
    {
        await using var db = fixture.Host.CreateContext();

        var texts = await Seeded(db).OrderBy(c => c.Note).Select(c => c.Transcript != null ? c.Transcript : "(none)").ToListAsync();

        Assert.Equal(["hello", "(none)", "bye"], texts);
    }

    [Fact]
    public async Task Include_FilteredByNullCheck_Works()
    {
        await using var db = fixture.SubscriberHost.CreateContext();

        var one = await db.Subscribers.Include(s => s.Calls.Where(c => c.Memo != null)).SingleAsync(s => s.Name == "one");

        Assert.Equal("first", Assert.Single(one.Calls).Memo);
    }

    [Fact]
    public async Task Projection_ThenTakeSkipFirstCount_Works()
    {
        await using var db = fixture.Host.CreateContext();
        var ordered = Seeded(db).OrderBy(c => c.Note);

        var taken = await ordered.Select(c => c.CallerNumber).Take(1).ToListAsync();
        var skipped = await ordered.Select(c => c.CallerNumber).Skip(2).ToListAsync();
        var first = await ordered.Select(c => c.Transcript).FirstAsync();
        var count = await ordered.Select(c => c.CallerNumber).CountAsync();
        var any = await ordered.Select(c => new { c.Transcript }).AnyAsync();

        Assert.Equal(["+919876543210"], taken);
        Assert.Equal(["+442071838750"], skipped);
        Assert.Equal("hello", first);
        Assert.Equal(3, count);
        Assert.True(any);
    }

    [Fact]
    public async Task ExecuteUpdate_SetsNonSearchablePropertyToValue_RefusedBecauseRowsWouldShareOneCiphertext()
    {
        var tenant = await SeedTenantAsync("+919876543210", "old", "note");
        await using (var db = fixture.Host.CreateContext())
        {
            var ex = await Assert.ThrowsAsync<DataGuardQueryException>(
                () => db.CallLogs.Where(c => c.TenantId == tenant).ExecuteUpdateAsync(s => s.SetProperty(c => c.Transcript, "rewritten transcript")));
            Assert.Contains("CallLog.Transcript", ex.Message, StringComparison.Ordinal);
            Assert.Contains("share one ciphertext", ex.Message, StringComparison.Ordinal);
        }

        await using var check = fixture.Host.CreateContext();
        Assert.Equal("old", (await check.CallLogs.SingleAsync(c => c.TenantId == tenant)).Transcript);
    }

    [Fact]
    public async Task ExecuteUpdate_SetsEncryptedValueTypesOrNull_Refused()
    {
        var text = "from a parameter";
        await RefusedAsync("AllTypes.Int", db => db.AllTypes.Where(a => a.Id < 0).ExecuteUpdateAsync(s => s.SetProperty(a => a.Int, 5).SetProperty(a => a.Text, text)));
        await RefusedAsync("CallLog.Transcript", db => db.CallLogs.Where(c => c.Id < 0).ExecuteUpdateAsync(s => s.SetProperty(c => c.Transcript, (string?)null)));
    }

    [Fact]
    public async Task ExecuteUpdate_PlainPropertiesOnly_Works()
    {
        var tenant = await SeedTenantAsync("+919876543210", "kept", "note");
        await using (var db = fixture.Host.CreateContext())
        {
            await db.CallLogs.Where(c => c.TenantId == tenant && c.Transcript != null).ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, "cleared"));
        }

        await using var check = fixture.Host.CreateContext();
        var log = await check.CallLogs.SingleAsync(c => c.TenantId == tenant);
        Assert.Equal(("kept", "cleared"), (log.Transcript, log.Note));
    }

    [Fact]
    public async Task ComplexValueWithEncryptedMembers_ComparedGroupedDistinctOrCopied_Refused()
    {
        var billing = new BillingInfo { CardHolder = "A. Holder", Country = "IN" };
        await RefusedAsync("Customer.Billing", db => db.Customers.Where(c => c.Billing == billing).ToListAsync());
        await RefusedAsync("Customer.Billing", db => db.Customers.GroupBy(c => c.Billing).Select(g => g.Count()).ToListAsync());
        await RefusedAsync("Customer.Billing", db => db.Customers.OrderBy(c => c.Billing).ToListAsync());
        await RefusedAsync("Customer.Billing", db => db.Customers.Select(c => c.Billing).Distinct().ToListAsync());
        await RefusedAsync("Customer.Billing", db => db.Customers.Where(c => c.Id < 0).ExecuteUpdateAsync(s => s.SetProperty(c => c.Billing, c => c.Billing)));
        await RefusedAsync("BillingInfo.CardHolder", db => db.Customers.Where(c => c.Billing.CardHolder == "A. Holder").ToListAsync());
    }

    [Fact]
    public async Task ComplexValueWithEncryptedMembers_PlainMembersAndProjections_Work()
    {
        var country = "Z" + Guid.NewGuid().ToString("N")[..6];
        await using (var db = fixture.Host.CreateContext())
        {
            db.Customers.Add(new Customer { Billing = new BillingInfo { CardHolder = "A. Holder", Country = country } });
            await db.SaveChangesAsync();
        }

        await using var check = fixture.Host.CreateContext();
        var billing = await check.Customers.Where(c => c.Billing.Country == country).OrderBy(c => c.Billing.Country).Select(c => c.Billing).SingleAsync();
        Assert.Equal("A. Holder", billing.CardHolder);
        Assert.Equal(1, await check.Customers.CountAsync(c => c.Billing.Country == country && c.Billing.CardHolder != null));
    }

    [Fact]
    public async Task ExecuteDelete_Works()
    {
        var tenant = await SeedTenantAsync("+919876543210", "doomed", "note");
        await using var db = fixture.Host.CreateContext();

        var deleted = await db.CallLogs.Where(c => c.TenantId == tenant && c.Transcript != null).ExecuteDeleteAsync();

        Assert.Equal(1, deleted);
        Assert.False(await db.CallLogs.AnyAsync(c => c.TenantId == tenant));
    }

    [Fact]
    public async Task WhereEquals_FromInterfaceConstrainedGenericCode_FindsRowThroughBlindIndex()
    {
        await using var db = fixture.SubscriberHost.CreateContext();

        var found = await FindByNumber(db.Calls, "+15550101").ToListAsync();

        Assert.Null(Assert.Single(found).Memo);
    }

    private static IQueryable<T> FindByNumber<T>(IQueryable<T> source, string number)
        where T : IHasNumber
        => source.WhereEquals(e => e.Number, number);

    // A dynamic sort as grid code writes it: unconstrained, so the compiler casts the entity to object for EF.Property.
    private static IQueryable<T> OrderByColumn<T>(IQueryable<T> source, string column) => source.OrderBy(e => EF.Property<object>(e!, column));

    private static IQueryable<T> WhereNumber<T>(IQueryable<T> source, string number)
        where T : IHasNumber
        => source.Where(e => e.Number == number);

    private static IQueryable<CallLog> Seeded(TestDbContext db) => db.CallLogs.Where(c => c.TenantId == QueryGuardFixture.SeedTenant);

    private async Task RefusedAsync(string property, Func<TestDbContext, Task> query)
    {
        await using var db = fixture.Host.CreateContext();
        var ex = await Assert.ThrowsAsync<DataGuardQueryException>(() => query(db));
        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("DataGuard refused the query", ex.Message, StringComparison.Ordinal);
    }

    private async Task<Guid> SeedTenantAsync(string number, string? transcript, string note)
    {
        var tenant = Guid.NewGuid();
        await using var db = fixture.Host.CreateContext();
        db.CallLogs.Add(new CallLog { TenantId = tenant, CallerNumber = number, Transcript = transcript, Note = note, StartedAt = DateTimeOffset.UnixEpoch });
        await db.SaveChangesAsync();
        return tenant;
    }
}

public sealed class CallLogDto
{
    public string Number { get; set; } = string.Empty;

    public string? Text { get; set; }
}
