// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Encryption;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.Storage;

/// <summary>
/// Strings stored as ciphertext: round trips through entity, owned and complex types, and what a read of a bad value surfaces
/// with and without EF Core's detailed errors (never the plaintext).
/// </summary>
public sealed class EncryptedStringConverterTests(SqliteFixture database) : IClassFixture<SqliteFixture>
{
    private const string Number = "+919876543210";
    private const string Transcript = "the caller asked about invoice 4711";

    [Fact]
    public async Task RoundTrip_OwnedType_StoresCiphertextAndReadsPlaintext()
    {
        await using var host = await TestHost.StartAsync(database);
        await using (var db = host.CreateContext())
        {
            db.Contacts.Add(new Contact { Name = "owned", Email = "owner@example.com", Home = new Address { Phone = "+15550123", City = "Bergen" } });
            await db.SaveChangesAsync();
        }

        await using var check = host.CreateContext();
        var contact = await check.Contacts.SingleAsync();
        var rawPhone = await RawAsync(check, "SELECT \"Home_Phone\" AS \"Value\" FROM \"Contacts\"");
        var rawCity = await RawAsync(check, "SELECT \"Home_City\" AS \"Value\" FROM \"Contacts\"");

        Assert.Equal("+15550123", contact.Home!.Phone);
        Assert.Equal("Bergen", contact.Home.City);
        Assert.Equal("owner@example.com", contact.Email);
        AssertCiphertext(rawPhone, "+15550123");
        Assert.Equal("Bergen", rawCity);
    }

    [Fact]
    public async Task RoundTrip_ComplexType_StoresCiphertextAndReadsPlaintext()
    {
        await using var host = await TestHost.StartAsync(database);
        await using (var db = host.CreateContext())
        {
            db.Customers.Add(new Customer { Billing = new BillingInfo { CardHolder = "Ada Lovelace", Country = "GB" } });
            await db.SaveChangesAsync();
        }

        await using var check = host.CreateContext();
        var customer = await check.Customers.SingleAsync();
        var rawHolder = await RawAsync(check, "SELECT \"Billing_CardHolder\" AS \"Value\" FROM \"Customers\"");
        var rawCountry = await RawAsync(check, "SELECT \"Billing_Country\" AS \"Value\" FROM \"Customers\"");
        var projected = await check.Customers.Select(c => c.Billing.CardHolder).SingleAsync();

        Assert.Equal("Ada Lovelace", customer.Billing.CardHolder);
        Assert.Equal("GB", customer.Billing.Country);
        Assert.Equal("Ada Lovelace", projected);
        AssertCiphertext(rawHolder, "Ada Lovelace");
        Assert.Equal("GB", rawCountry);
    }

    [Fact]
    public async Task RoundTrip_ComplexTypeUpdate_StoresNewCiphertext()
    {
        await using var host = await TestHost.StartAsync(database);
        await using (var db = host.CreateContext())
        {
            db.Customers.Add(new Customer { Billing = new BillingInfo { CardHolder = "Ada Lovelace", Country = "GB" } });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            var customer = await db.Customers.SingleAsync();
            customer.Billing.CardHolder = "Grace Hopper";
            await db.SaveChangesAsync();
        }

        await using var check = host.CreateContext();
        Assert.Equal("Grace Hopper", (await check.Customers.SingleAsync()).Billing.CardHolder);
        AssertCiphertext(await RawAsync(check, "SELECT \"Billing_CardHolder\" AS \"Value\" FROM \"Customers\""), "Grace Hopper");
    }

    [Fact]
    public async Task Read_ValueMovedFromAnotherColumn_WithDetailedErrors_WrapsCryptographicException()
    {
        await using var host = await TestHost.StartAsync(database, configureOptions: o => o.EnableDetailedErrors());
        await SeedAsync(host);
        await using var db = host.CreateContext();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"CallLogs\" SET \"Transcript\" = \"CallerNumber\"");

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => db.CallLogs.ToListAsync());

        Assert.IsNotType<DataGuardCryptographicException>(ex);
        var crypto = Assert.Single(Chain(ex).OfType<DataGuardCryptographicException>());
        var keyId = ActiveDataKey(host.KeyRing);
        Assert.Equal(CryptographicFailureReason.AuthenticationFailed, crypto.Reason);
        Assert.Equal(keyId, crypto.KeyId);
        Assert.Equal("CallLogs.Transcript", crypto.Column);
        Assert.Contains("'Transcript'", crypto.Message, StringComparison.Ordinal);
        Assert.Contains("'CallLogs'", crypto.Message, StringComparison.Ordinal);
        Assert.Contains(keyId.ToString(), crypto.Message, StringComparison.Ordinal);
        AssertNoPlaintext(ex);
    }

    [Fact]
    public async Task Read_ValueMovedFromAnotherColumn_WithoutDetailedErrors_ThrowsCryptographicExceptionDirectly()
    {
        await using var host = await TestHost.StartAsync(database);
        await SeedAsync(host);
        await using var db = host.CreateContext();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"CallLogs\" SET \"Transcript\" = \"CallerNumber\"");

        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => db.CallLogs.ToListAsync());

        Assert.Equal(CryptographicFailureReason.AuthenticationFailed, ex.Reason);
        Assert.Contains("'CallLogs'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ActiveDataKey(host.KeyRing).ToString(), ex.Message, StringComparison.Ordinal);
        AssertNoPlaintext(ex);
    }

    [Fact]
    public async Task Read_TamperedTag_ThrowsAuthenticationFailureNamingKey()
    {
        await using var host = await TestHost.StartAsync(database);
        await SeedAsync(host);
        await using var db = host.CreateContext();
        var stored = await RawAsync(db, "SELECT \"Transcript\" AS \"Value\" FROM \"CallLogs\"");
        var bytes = Base64Url.DecodeFromChars(stored);
        bytes[^1] ^= 0x01;
        await db.Database.ExecuteSqlRawAsync("UPDATE \"CallLogs\" SET \"Transcript\" = {0}", Base64Url.EncodeToString(bytes));

        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => db.CallLogs.Select(c => c.Transcript).ToListAsync());

        Assert.Equal(CryptographicFailureReason.AuthenticationFailed, ex.Reason);
        Assert.Equal(ActiveDataKey(host.KeyRing), ex.KeyId);
        AssertNoPlaintext(ex);
    }

    [Fact]
    public async Task Read_PlaintextWrittenAroundDataGuard_IsRefusedWithoutEchoingIt()
    {
        await using var host = await TestHost.StartAsync(database, configureOptions: o => o.EnableDetailedErrors());
        await SeedAsync(host);
        await using var db = host.CreateContext();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"CallLogs\" SET \"Transcript\" = {0}", "injected plaintext value");

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => db.CallLogs.ToListAsync());

        var crypto = Assert.Single(Chain(ex).OfType<DataGuardCryptographicException>());
        Assert.Equal(CryptographicFailureReason.PlaintextNotAllowed, crypto.Reason);
        Assert.DoesNotContain("injected plaintext value", ex.ToString(), StringComparison.Ordinal);
        AssertNoPlaintext(ex);
    }

    private static async Task SeedAsync(TestHost<TestDbContext> host)
    {
        await using var db = host.CreateContext();
        db.CallLogs.Add(new CallLog { CallerNumber = Number, Transcript = Transcript, Note = "seed" });
        await db.SaveChangesAsync();
    }

    private static Task<string> RawAsync(TestDbContext db, string sql) => db.Database.SqlQueryRaw<string>(sql).SingleAsync();

    private static void AssertCiphertext(string raw, string plaintext)
    {
        Assert.StartsWith("dgEB", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(plaintext, raw, StringComparison.Ordinal);
    }

    private static void AssertNoPlaintext(Exception ex)
    {
        var text = ex.ToString();
        Assert.DoesNotContain(Number, text, StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Transcript, text, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            yield return ex;
        }
    }

    private static KeyId ActiveDataKey(IKeyRingManager ring)
        => ring.GetKeys().Single(k => k.IsActive && k.Purpose == KeyPurpose.DataEncryption).Id;
}
