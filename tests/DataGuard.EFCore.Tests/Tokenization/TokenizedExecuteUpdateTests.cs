// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.Tokenization;

/// <summary>
/// ExecuteUpdate bypasses SaveChanges, so it must not set tokenized properties (raw values in a token column) or phone numbers
/// (unvalidated, not normalised), even in a model with no encrypted property; other properties of the same entity stay updatable.
/// </summary>
public sealed class TokenizedExecuteUpdateTests(SqliteFixture database) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task ExecuteUpdate_SetsTokenizedProperty_ThrowsAndChangesNothing()
    {
        await using var host = await StartAsync();
        var id = await SeedAsync(host);

        await using (var db = host.CreateContext())
        {
            var ex = await Assert.ThrowsAsync<DataGuardQueryException>(
                () => db.Calls.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Account, "ACC-2")));
            Assert.Contains("tokenized TokenizedCall.Account", ex.Message, StringComparison.Ordinal);
            Assert.Contains("SaveChanges", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("ACC-2", ex.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<DataGuardQueryException>(
                () => db.Calls.ExecuteUpdateAsync(s => s.SetProperty(c => EF.Property<string>((object)c, "Account"), "ACC-3")));
        }

        await using var check = host.CreateContext();
        Assert.Matches("^tok_", (await check.Calls.SingleAsync(c => c.Id == id)).Account);
    }

    [Fact]
    public async Task ExecuteUpdate_SetsPhoneNumberProperty_ThrowsAndChangesNothing()
    {
        await using var host = await StartAsync();
        var id = await SeedAsync(host);

        await using (var db = host.CreateContext())
        {
            var ex = await Assert.ThrowsAsync<DataGuardQueryException>(
                () => db.Calls.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Callback, "+14155550123")));
            Assert.Contains("phone number TokenizedCall.Callback", ex.Message, StringComparison.Ordinal);
            Assert.Contains("normalised", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("4155550123", ex.Message, StringComparison.Ordinal);
            Assert.Throws<DataGuardQueryException>(() => db.Calls.ExecuteUpdate(s => s.SetProperty(c => c.Callback, c => c.Note)));
        }

        await using var check = host.CreateContext();
        Assert.Equal("+919876543210", (await check.Calls.SingleAsync(c => c.Id == id)).Callback);
    }

    [Fact]
    public async Task ExecuteUpdate_SetsPlainPropertyOfSameEntity_Works()
    {
        await using var host = await StartAsync();
        var id = await SeedAsync(host);

        await using (var db = host.CreateContext())
        {
            Assert.Equal(1, await db.Calls.Where(c => c.Id == id && c.Account != null).ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, "updated")));
        }

        await using var check = host.CreateContext();
        Assert.Equal("updated", (await check.Calls.SingleAsync(c => c.Id == id)).Note);
    }

    private Task<TestHost<TokenizedCallDbContext>> StartAsync()
        => TestHost<TokenizedCallDbContext>.StartAsync(database, configure: dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN"));

    private static async Task<int> SeedAsync(TestHost<TokenizedCallDbContext> host)
    {
        await using var db = host.CreateContext();
        var call = new TokenizedCall { Account = "ACC-1", Callback = "98765 43210", Note = "first" };
        db.Calls.Add(call);
        await db.SaveChangesAsync();
        return call.Id;
    }
}
