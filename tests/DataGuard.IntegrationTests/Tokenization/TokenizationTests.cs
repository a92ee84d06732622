// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace DataGuard.IntegrationTests.Tokenization;

/// <summary>The token vault and tokenized properties through EF Core, run on every real provider.</summary>
public abstract class TokenizationTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    protected const string Number = "+919876543210";

    protected TFixture Database { get; } = database;

    protected CapturingAuditSink Audit { get; } = new();

    protected AsyncLocalTenantContext Tenant { get; } = new();

    [SkippableFact]
    public async Task Vault_SameValueSameTenant_SameToken_OtherTenantsAndGlobalDiffer()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);

        var first = await vault.TokenizeAsync(Number, "tenant-a");
        var again = await vault.TokenizeAsync(Number, "tenant-a");
        var otherTenant = await vault.TokenizeAsync(Number, "tenant-b");
        var global = await vault.TokenizeAsync(Number, null);
        var emptyTenant = await vault.TokenizeAsync(Number, string.Empty);

        Assert.Matches("^tok_[a-z2-7]{26}$", first);
        Assert.Equal(first, again);
        Assert.Equal(4, new[] { first, otherTenant, global, emptyTenant }.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(4, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Vault_StoresValueOnlyAsCiphertext()
    {
        await using var host = await StartAsync();

        await Vault(host).TokenizeAsync(Number, "tenant-a");

        await using var db = host.CreateContext();
        var values = await db.Database.SqlQueryRaw<string>("SELECT \"Value\" AS \"Value\" FROM \"DataGuardTokens\"").ToListAsync();
        var lookups = await db.Database.SqlQueryRaw<string>("SELECT \"Lookup\" AS \"Value\" FROM \"DataGuardTokens\"").ToListAsync();
        Assert.StartsWith("dgEB", Assert.Single(values), StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", values[0], StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", lookups[0], StringComparison.Ordinal);
        Assert.DoesNotContain("tenant", lookups[0], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Vault_PhoneShaped_KeepsCallingCodeAndLastTwoDigits_SameNumberSameToken()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);

        var token = await vault.TokenizeAsync(Number, null, TokenFormat.PhoneShaped);
        var again = await vault.TokenizeAsync(Number, null, TokenFormat.PhoneShaped);
        var us = await vault.TokenizeAsync("+12025550123", null, TokenFormat.PhoneShaped);

        Assert.Equal(token, again);
        Assert.Matches(@"^\+91\d{16}10$", token);
        Assert.Matches(@"^\+1\d{16}23$", us);
        Assert.Equal(Number, await DetokenizeAsGrantedAsync(vault, token));
    }

    [SkippableFact]
    public async Task Vault_PhoneShapedForNonNumber_ThrowsValidation()
    {
        await using var host = await StartAsync();

        var ex = await Assert.ThrowsAsync<DataGuardValidationException>(() => Vault(host).TokenizeAsync("ACC-12345", null, TokenFormat.PhoneShaped));

        Assert.DoesNotContain("ACC-12345", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task TokenizeMany_WithRepeatsAcrossChunks_PreservesOrderAndMatchesSingleCalls()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var existing = await vault.TokenizeAsync("+910000000007", "t");
        var values = Enumerable.Range(0, 2600).Select(i => "+91" + (i % 1300).ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var tokens = await vault.TokenizeManyAsync(values, "t");

        Assert.Equal(values.Length, tokens.Count);
        for (var i = 0; i < 1300; i++)
        {
            Assert.Equal(tokens[i], tokens[i + 1300]);
        }

        Assert.Equal(1300, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(existing, tokens[7]);
        Assert.Equal(tokens[42], await vault.TokenizeAsync(values[42], "t"));
        Assert.Equal(1300, await CountVaultRowsAsync(host));
        Assert.Empty(await vault.TokenizeManyAsync([], "t"));
    }

    [SkippableFact]
    public async Task Vault_BadInput_Throws()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);

        await Assert.ThrowsAsync<ArgumentNullException>(() => vault.TokenizeAsync(null!, null));
        await Assert.ThrowsAsync<ArgumentException>(() => vault.TokenizeAsync(string.Empty, null));
        await Assert.ThrowsAsync<ArgumentNullException>(() => vault.TokenizeManyAsync(null!, null));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => vault.TokenizeManyAsync(["+911", null!], null));
        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => vault.TokenizeAsync(Number, null, (TokenFormat)42));
        await Assert.ThrowsAsync<ArgumentException>(() => vault.DetokenizeAsync(string.Empty));
        await Assert.ThrowsAsync<ArgumentNullException>(() => vault.DetokenizeManyAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => vault.DeleteAsync(string.Empty, null));
        Assert.Equal(0, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Detokenize_WithPermission_ReturnsValueAndAuditsSuccess()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var token = await vault.TokenizeAsync(Number, "tenant-a");

        var value = await DetokenizeAsGrantedAsync(vault, token, "billing dispute");

        Assert.Equal(Number, value);
        var audited = Assert.Single(Audit.Events);
        Assert.Equal(AuditActions.Detokenize, audited.Action);
        Assert.Equal(AuditOutcome.Success, audited.Outcome);
        Assert.Equal("agent-7", audited.ActorId);
        Assert.Equal("billing dispute", audited.Purpose);
        Assert.Equal(1, audited.Count);
        Assert.Empty(audited.Subjects);
        Assert.DoesNotContain(Number, audited.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Detokenize_WithoutPermission_ThrowsAndAuditsDenial()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var token = await vault.TokenizeAsync(Number, null);
        var previous = Thread.CurrentPrincipal;
        Thread.CurrentPrincipal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "agent-8"), new Claim(DataGuardClaimTypes.Permission, DataGuardPermissions.ViewPersonalData)], "test"));
        try
        {
            var ex = await Assert.ThrowsAsync<DataGuardAccessDeniedException>(() => vault.DetokenizeAsync(token, "curious"));
            Assert.Contains(DataGuardPermissions.Detokenize, ex.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<DataGuardAccessDeniedException>(() => vault.DetokenizeManyAsync([token]));
        }
        finally
        {
            Thread.CurrentPrincipal = previous;
        }

        await Assert.ThrowsAsync<DataGuardAccessDeniedException>(() => vault.DetokenizeAsync(token));
        Assert.Equal(3, Audit.Events.Count);
        Assert.All(Audit.Events, e =>
        {
            Assert.Equal(AuditActions.Detokenize, e.Action);
            Assert.Equal(AuditOutcome.Denied, e.Outcome);
        });
        Assert.Equal("agent-8", Audit.Events.First().ActorId);
    }

    [SkippableFact]
    public async Task DetokenizeMany_OneAuditEvent_UnknownTokensAbsent()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var tokens = await vault.TokenizeManyAsync(["+911111111111", "+912222222222"], null);

        var values = await WithDetokenizePermissionAsync(() => vault.DetokenizeManyAsync([tokens[0], tokens[1], tokens[0], "tok_aaaaaaaaaaaaaaaaaaaaaaaaaa", "not a token"], "export"));

        Assert.Equal(2, values.Count);
        Assert.Equal("+911111111111", values[tokens[0]]);
        Assert.Equal("+912222222222", values[tokens[1]]);
        var audited = Assert.Single(Audit.Events);
        Assert.Equal(2, audited.Count);
        Assert.Empty(await WithDetokenizePermissionAsync(() => vault.DetokenizeManyAsync([])));
    }

    [SkippableFact]
    public async Task Detokenize_UnknownTokenOrTokenOfAnotherVault_IsNull()
    {
        await using var host = await StartAsync();
        await using var other = await StartAsync();
        var foreign = await Vault(other).TokenizeAsync(Number, null);

        Assert.Null(await DetokenizeAsGrantedAsync(Vault(host), foreign));
        Assert.Null(await DetokenizeAsGrantedAsync(Vault(host), "tok_zzzzzzzzzzzzzzzzzzzzzzzzzz"));
        Assert.Null(await DetokenizeAsGrantedAsync(Vault(host), "+9100000000000000010"));
    }

    [SkippableFact]
    public async Task Delete_ErasesEntry_StoredTokensResolveToNothing()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        await using (var db = host.CreateContext())
        {
            db.Subscribers.Add(new TokenSubscriber { TenantId = "t1", Number = Number });
            await db.SaveChangesAsync();
        }

        string stored;
        await using (var db = host.CreateContext())
        {
            stored = (await db.Subscribers.SingleAsync()).Number!;
        }

        Assert.Equal(Number, await DetokenizeAsGrantedAsync(vault, stored));
        Assert.False(await DeleteAsGrantedAsync(vault, Number, "t2"));
        Assert.True(await DeleteAsGrantedAsync(vault, Number, "t1"));
        Assert.False(await DeleteAsGrantedAsync(vault, Number, "t1"));

        Assert.Null(await DetokenizeAsGrantedAsync(vault, stored));
        Assert.Equal(0, await CountVaultRowsAsync(host));
        Assert.NotEqual(stored, await vault.TokenizeAsync(Number, "t1"));
    }

    [SkippableFact]
    public async Task Delete_WithoutPermission_ThrowsAuditsDenialAndKeepsEntry()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var token = await vault.TokenizeAsync(Number, "t1");

        // Detokenize is not erase; no principal at all is denied too.
        var ex = await Assert.ThrowsAsync<DataGuardAccessDeniedException>(
            () => WithPermissionAsync(DataGuardPermissions.Detokenize, () => vault.DeleteAsync(Number, "t1", "erasure request 42")));
        await Assert.ThrowsAsync<DataGuardAccessDeniedException>(() => vault.DeleteAsync(Number, "t1"));

        Assert.Contains(DataGuardPermissions.ErasePersonalData, ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, Audit.Events.Count);
        var denied = Audit.Events.First();
        Assert.Equal(AuditActions.Erase, denied.Action);
        Assert.Equal(AuditOutcome.Denied, denied.Outcome);
        Assert.Equal("agent-7", denied.ActorId);
        Assert.Equal("t1", denied.TenantId);
        Assert.Equal("DataGuardTokens", denied.Resource);
        Assert.Equal("erasure request 42", denied.Purpose);
        Assert.Contains(DataGuardPermissions.ErasePersonalData, denied.Reason, StringComparison.Ordinal);
        Assert.All(Audit.Events, e =>
        {
            Assert.Equal(AuditOutcome.Denied, e.Outcome);
            Assert.DoesNotContain(Number, e.ToString(), StringComparison.Ordinal);
        });
        Assert.Equal(1, await CountVaultRowsAsync(host));
        Assert.Equal(Number, await DetokenizeAsGrantedAsync(vault, token));
    }

    [SkippableFact]
    public async Task Delete_WithPermission_DeletesEntryAndAuditsSuccessWithCountOne()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var token = await vault.TokenizeAsync(Number, "t1");
        await vault.TokenizeAsync(Number, "t2");

        Assert.True(await WithPermissionAsync(DataGuardPermissions.ErasePersonalData, () => vault.DeleteAsync(Number, "t1", "erasure request 42")));

        var audited = Assert.Single(Audit.Events);
        Assert.Equal(AuditActions.Erase, audited.Action);
        Assert.Equal(AuditOutcome.Success, audited.Outcome);
        Assert.Equal("agent-7", audited.ActorId);
        Assert.Equal("t1", audited.TenantId);
        Assert.Equal("DataGuardTokens", audited.Resource);
        Assert.Equal("erasure request 42", audited.Purpose);
        Assert.Equal(1, audited.Count);
        Assert.Empty(audited.Subjects);
        Assert.DoesNotContain(Number, audited.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", audited.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await CountVaultRowsAsync(host));
        Assert.Null(await DetokenizeAsGrantedAsync(vault, token));
    }

    [SkippableFact]
    public async Task Delete_UnknownValue_ReturnsFalseAndAuditsCountZero()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        await vault.TokenizeAsync(Number, "t1");

        Assert.False(await DeleteAsGrantedAsync(vault, "+912222222222", "t1"));
        Assert.False(await WithPermissionAsync(DataGuardPermissions.ErasePersonalData, () => vault.DeleteAsync(Number, null, string.Empty)));

        Assert.Equal(2, Audit.Events.Count);
        Assert.All(Audit.Events, e =>
        {
            Assert.Equal(AuditActions.Erase, e.Action);
            Assert.Equal(AuditOutcome.Success, e.Outcome);
            Assert.Equal(0, e.Count);
            Assert.Null(e.Purpose);
        });
        Assert.Equal("t1", Audit.Events.First().TenantId);
        Assert.Null(Audit.Events.Last().TenantId);
        Assert.Equal(1, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task DetokenizeMany_MoreThanOneThousandDistinctTokens_ThrowsBeforeAnyAudit()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var tokens = Enumerable.Range(0, 1001).Select(i => "tok_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => WithDetokenizePermissionAsync(() => vault.DetokenizeManyAsync(tokens, "export")));
        // Checked before the permission: a principal without it gets the same answer and no denial is audited.
        await Assert.ThrowsAsync<ArgumentException>(() => vault.DetokenizeManyAsync(tokens));

        Assert.Equal("tokens", ex.ParamName);
        Assert.Contains("1000", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Audit.Events);
    }

    [SkippableFact]
    public async Task DetokenizeMany_OneThousandDistinctTokensWithRepeats_Works()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var numbers = Enumerable.Range(0, 1000).Select(i => "+91" + i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var tokens = await vault.TokenizeManyAsync(numbers, null);
        var asked = tokens.Concat(tokens.Take(500)).ToArray();

        var values = await WithDetokenizePermissionAsync(() => vault.DetokenizeManyAsync(asked, "export"));

        Assert.Equal(1000, values.Count);
        Assert.Equal(numbers[999], values[tokens[999]]);
        var audited = Assert.Single(Audit.Events);
        Assert.Equal(AuditOutcome.Success, audited.Outcome);
        Assert.Equal(1000, audited.Count);
    }

    [SkippableTheory]
    [InlineData("line feed")]
    [InlineData("carriage return")]
    [InlineData("nul")]
    [InlineData("bell only")]
    [InlineData("next line")]
    [InlineData("line separator")]
    [InlineData("201 characters")]
    public async Task InvalidPurpose_Throws_NothingAuditedOrErased(string kind)
    {
        var purpose = kind switch
        {
            "line feed" => "billing\ndispute",
            "carriage return" => "billing\rdispute",
            "nul" => "billing\u0000",
            "bell only" => "\u0007",
            "next line" => "billing\u0085dispute",
            "line separator" => "billing\u2028dispute",
            _ => new string('p', 201),
        };

        await using var host = await StartAsync();
        var vault = Vault(host);
        var token = await vault.TokenizeAsync(Number, "t1");

        var single = await Assert.ThrowsAsync<ArgumentException>(() => DetokenizeAsGrantedAsync(vault, token, purpose));
        var many = await Assert.ThrowsAsync<ArgumentException>(() => WithDetokenizePermissionAsync(() => vault.DetokenizeManyAsync([token], purpose)));
        var erase = await Assert.ThrowsAsync<ArgumentException>(() => WithPermissionAsync(DataGuardPermissions.ErasePersonalData, () => vault.DeleteAsync(Number, "t1", purpose)));
        await Assert.ThrowsAsync<ArgumentException>(() => vault.DeleteAsync(Number, "t1", purpose));

        Assert.All(new[] { single, many, erase }, e => Assert.Equal("purpose", e.ParamName));
        Assert.Empty(Audit.Events);
        Assert.Equal(1, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Purpose_TwoHundredCharactersOrEmpty_IsAccepted()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var token = await vault.TokenizeAsync(Number, "t1");
        var longest = new string('p', 200);

        Assert.Equal(Number, await DetokenizeAsGrantedAsync(vault, token, longest));
        Assert.Equal(Number, await DetokenizeAsGrantedAsync(vault, token, string.Empty));
        Assert.True(await WithPermissionAsync(DataGuardPermissions.ErasePersonalData, () => vault.DeleteAsync(Number, "t1", longest)));

        Assert.Equal(new string?[] { longest, null, longest }, Audit.Events.Select(e => e.Purpose));
        Assert.All(Audit.Events, e => Assert.Equal(AuditOutcome.Success, e.Outcome));
    }

    [SkippableFact]
    public async Task Entity_RoundTrip_PropertyHoldsTokenAfterSaveAndAfterReload()
    {
        await using var host = await StartAsync();
        var subscriber = new TokenSubscriber { TenantId = "t1", Number = Number, Name = "A" };
        await using (var db = host.CreateContext())
        {
            db.Subscribers.Add(subscriber);
            await db.SaveChangesAsync();
        }

        Assert.Matches("^tok_", subscriber.Number!);
        await using (var db = host.CreateContext())
        {
            var loaded = await db.Subscribers.SingleAsync();
            Assert.Equal(subscriber.Number, loaded.Number);
            var raw = await db.Database.SqlQueryRaw<string>("SELECT \"Number\" AS \"Value\" FROM \"Subscribers\"").SingleAsync();
            Assert.Equal(subscriber.Number, raw);

            // Saving the loaded entity, or changing another property, leaves the token alone.
            loaded.Name = "B";
            await db.SaveChangesAsync();
            Assert.Equal(subscriber.Number, loaded.Number);
        }

        Assert.Equal(subscriber.Number, await Vault(host).TokenizeAsync(Number, "t1"));
        Assert.Equal(1, await CountVaultRowsAsync(host));
        Assert.Equal(Number, await DetokenizeAsGrantedAsync(Vault(host), subscriber.Number!));
    }

    [SkippableFact]
    public async Task Entity_TenantProperty_SameTenantSameToken_OtherTenantOtherToken_GroupByWorks()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            db.Subscribers.AddRange(
                new TokenSubscriber { TenantId = "t1", Number = Number },
                new TokenSubscriber { TenantId = "t1", Number = Number },
                new TokenSubscriber { TenantId = "t2", Number = Number },
                new TokenSubscriber { TenantId = "t1", Number = "+918888888888" });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            var rows = await db.Subscribers.OrderBy(s => s.Id).ToListAsync();
            Assert.Equal(rows[0].Number, rows[1].Number);
            Assert.NotEqual(rows[0].Number, rows[2].Number);
            Assert.NotEqual(rows[0].Number, rows[3].Number);
            var groups = await db.Subscribers.GroupBy(s => s.Number).Select(g => g.Count()).OrderByDescending(c => c).ToListAsync();
            Assert.Equal([2, 1, 1], groups);
        }

        Assert.Equal(3, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Entity_ModifiedValue_GetsNewToken_CopiedTokenIsKept()
    {
        await using var host = await StartAsync();
        var first = new TokenSubscriber { TenantId = "t1", Number = Number };
        await using (var db = host.CreateContext())
        {
            db.Subscribers.Add(first);
            await db.SaveChangesAsync();
            var oldToken = first.Number;

            first.Number = "+917777777777";
            await db.SaveChangesAsync();
            Assert.Matches("^tok_", first.Number);
            Assert.NotEqual(oldToken, first.Number);

            // A token copied into another row is stored as it is, not tokenized again.
            var copy = new TokenSubscriber { TenantId = "t1", Number = first.Number };
            db.Subscribers.Add(copy);
            await db.SaveChangesAsync();
            Assert.Equal(first.Number, copy.Number);
        }

        await using (var db = host.CreateContext())
        {
            // A detached update (Update marks every property modified) keeps the token too.
            var detached = new TokenSubscriber { Id = first.Id, TenantId = "t1", Number = first.Number, Name = "x" };
            db.Subscribers.Update(detached);
            await db.SaveChangesAsync();
            Assert.Equal(first.Number, detached.Number);
        }

        Assert.Equal(2, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Entity_SynchronousSaveChanges_Tokenizes()
    {
        await using var host = await StartAsync();
        var subscriber = new TokenSubscriber { TenantId = "t1", Number = Number };
        await using (var db = host.CreateContext())
        {
            db.Subscribers.Add(subscriber);
            db.SaveChanges();
        }

        Assert.Equal(await Vault(host).TokenizeAsync(Number, "t1"), subscriber.Number);
    }

    [SkippableFact]
    public async Task Entity_NullAndEmpty_AreStoredAsTheyAre()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            db.Subscribers.AddRange(new TokenSubscriber { TenantId = "t1", Number = null }, new TokenSubscriber { TenantId = "t1", Number = string.Empty });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            Assert.Equal([null, string.Empty], await db.Subscribers.OrderBy(s => s.Id).Select(s => s.Number).ToListAsync());
        }

        Assert.Equal(0, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Entity_PhoneNumberAndTokenized_NormalisesFirstThenStoresPhoneShapedToken()
    {
        await using var host = await StartAsync();
        var call = new DialledCall { Dialled = "098765 43210" };
        await using (var db = host.CreateContext())
        {
            db.Calls.Add(call);
            await db.SaveChangesAsync();
        }

        Assert.Matches(@"^\+91\d{16}10$", call.Dialled!);
        Assert.Equal(call.Dialled, await Vault(host).TokenizeAsync(Number, null, TokenFormat.PhoneShaped));
        Assert.Equal(Number, await DetokenizeAsGrantedAsync(Vault(host), call.Dialled!));

        // Another written form of the same number gets the same token; the stored token is not normalised or tokenized again.
        var other = new DialledCall { Dialled = "+91 98765-43210" };
        await using (var db = host.CreateContext())
        {
            db.Calls.Add(other);
            var loaded = await db.Calls.SingleAsync(c => c.Id == call.Id);
            loaded.Reference = "R-1";
            await db.SaveChangesAsync();
            Assert.Equal(call.Dialled, loaded.Dialled);
        }

        Assert.Equal(call.Dialled, other.Dialled);
    }

    [SkippableFact]
    public async Task Entity_PhoneNumberAndTokenized_CopiedOrDetachedTokenIsKept()
    {
        await using var host = await StartAsync();
        var call = new DialledCall { Dialled = Number };
        await using (var db = host.CreateContext())
        {
            db.Calls.Add(call);
            await db.SaveChangesAsync();
        }

        var copy = new DialledCall { Dialled = call.Dialled };
        await using (var db = host.CreateContext())
        {
            db.Calls.Add(copy);
            db.Calls.Update(new DialledCall { Id = call.Id, Dialled = call.Dialled, Reference = "R-2" });
            await db.SaveChangesAsync();
        }

        Assert.Equal(call.Dialled, copy.Dialled);
        Assert.Equal(2, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Entity_PhoneShapedInvalidNumber_IsRefusedBeforeAnythingIsWritten()
    {
        await using var host = await StartAsync();
        await using var db = host.CreateContext();
        db.Calls.Add(new DialledCall { Dialled = "not a number" });

        await Assert.ThrowsAsync<DataGuardValidationException>(() => db.SaveChangesAsync());

        Assert.Equal(0, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Entity_NoTenantProperty_UsesScopeTenant()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var a = new DialledCall { Reference = "ACC-1" };
        var b = new DialledCall { Reference = "ACC-1" };
        var global = new DialledCall { Reference = "ACC-1" };
        await SaveInTenantAsync(host, "tenant-a", a);
        await SaveInTenantAsync(host, "tenant-b", b);
        await SaveInTenantAsync(host, null, global);

        Assert.Equal(await vault.TokenizeAsync("ACC-1", "tenant-a"), a.Reference);
        Assert.Equal(await vault.TokenizeAsync("ACC-1", "tenant-b"), b.Reference);
        Assert.Equal(await vault.TokenizeAsync("ACC-1", null), global.Reference);
        Assert.Equal(3, new[] { a.Reference, b.Reference, global.Reference }.Distinct(StringComparer.Ordinal).Count());
    }

    [SkippableFact]
    public async Task Entity_InsideAppTransaction_Commit_KeepsVaultRowsAndRows()
    {
        await using var host = await StartAsync();
        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Subscribers.Add(new TokenSubscriber { TenantId = "t1", Number = Number });
            await db.SaveChangesAsync();
            db.Subscribers.Add(new TokenSubscriber { TenantId = "t1", Number = "+915555555555" });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await using (var db = host.CreateContext())
        {
            Assert.Equal(2, await db.Subscribers.CountAsync());
        }

        Assert.Equal(2, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Entity_InsideAppTransaction_Rollback_RemovesVaultRows()
    {
        await using var host = await StartAsync();
        var kept = await Vault(host).TokenizeAsync("+914444444444", "t1");
        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Subscribers.Add(new TokenSubscriber { TenantId = "t1", Number = Number });
            db.Subscribers.Add(new TokenSubscriber { TenantId = "t1", Number = "+914444444444" });
            await db.SaveChangesAsync();
            Assert.Equal(2, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"DataGuardTokens\"").SingleAsync());
            await transaction.RollbackAsync();
        }

        await using (var db = host.CreateContext())
        {
            Assert.Equal(0, await db.Subscribers.CountAsync());
        }

        Assert.Equal(1, await CountVaultRowsAsync(host));
        Assert.Equal(kept, await Vault(host).TokenizeAsync("+914444444444", "t1"));
    }

    [SkippableFact]
    public async Task Concurrency_ManyTasksTokenizeSameNewNumber_OneRowOneToken()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => vault.TokenizeAsync(Number, "t1"))));

        Assert.Single(tokens.Distinct(StringComparer.Ordinal));
        Assert.Equal(1, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Concurrency_ManyContextsSaveSameNewNumber_OneRowOneToken()
    {
        await using var host = await StartAsync();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            await using var db = host.CreateContext();
            var subscriber = new TokenSubscriber { TenantId = "t1", Number = Number };
            db.Subscribers.Add(subscriber);
            await db.SaveChangesAsync();
            return subscriber.Number;
        })));

        Assert.Single(tokens.Distinct(StringComparer.Ordinal));
        Assert.Equal(1, await CountVaultRowsAsync(host));
        await using (var db = host.CreateContext())
        {
            Assert.Equal(32, await db.Subscribers.CountAsync(s => s.Number == tokens[0]));
        }
    }

    [SkippableFact]
    public async Task Entity_TokenOfAnotherTenantGlobalOrUnknown_IsRefusedNamingProperty_NothingWritten()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var foreign = await vault.TokenizeAsync(Number, "t2");
        var global = await vault.TokenizeAsync(Number, null);

        await using (var db = host.CreateContext())
        {
            // A new value and another tenant's token in one save: refused before the new value reaches the vault.
            db.Subscribers.AddRange(new TokenSubscriber { TenantId = "t1", Number = "+915555555555" }, new TokenSubscriber { TenantId = "t1", Number = foreign });
            var ex = await Assert.ThrowsAsync<DataGuardValidationException>(() => db.SaveChangesAsync());
            Assert.Equal("TokenSubscriber.Number", ex.Property);
            Assert.Contains("TokenSubscriber.Number", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(foreign, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("5555555555", ex.Message, StringComparison.Ordinal);
        }

        await using (var db = host.CreateContext())
        {
            db.Subscribers.Add(new TokenSubscriber { TenantId = "t1", Number = global });
            await Assert.ThrowsAsync<DataGuardValidationException>(() => db.SaveChangesAsync());
        }

        await using (var db = host.CreateContext())
        {
            db.Subscribers.Add(new TokenSubscriber { TenantId = "t1", Number = "tok_aaaaaaaaaaaaaaaaaaaaaaaaaa" });
            Assert.Throws<DataGuardValidationException>(() => db.SaveChanges());
        }

        await using (var db = host.CreateContext())
        {
            Assert.Equal(0, await db.Subscribers.CountAsync());
        }

        Assert.Equal(2, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Entity_ChangedOrDetachedToForeignToken_IsRefused_UnchangedTokenIsNotCheckedAgain()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var foreign = await vault.TokenizeAsync("+912222222222", "t2");
        var subscriber = new TokenSubscriber { TenantId = "t1", Number = Number };
        await using (var db = host.CreateContext())
        {
            db.Subscribers.Add(subscriber);
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            var loaded = await db.Subscribers.SingleAsync();
            loaded.Number = foreign;
            var ex = await Assert.ThrowsAsync<DataGuardValidationException>(() => db.SaveChangesAsync());
            Assert.Equal("TokenSubscriber.Number", ex.Property);
        }

        await using (var db = host.CreateContext())
        {
            db.Subscribers.Update(new TokenSubscriber { Id = subscriber.Id, TenantId = "t1", Number = foreign, Name = "x" });
            await Assert.ThrowsAsync<DataGuardValidationException>(() => db.SaveChangesAsync());
        }

        // The stored token's entry is erased; saving the loaded entity with another change does not check the unchanged token again.
        Assert.True(await DeleteAsGrantedAsync(vault, Number, "t1"));
        await using (var db = host.CreateContext())
        {
            var loaded = await db.Subscribers.SingleAsync();
            loaded.Name = "renamed";
            await db.SaveChangesAsync();
            Assert.Equal(subscriber.Number, loaded.Number);
        }

        await using (var db = host.CreateContext())
        {
            Assert.Equal(subscriber.Number, (await db.Subscribers.SingleAsync()).Number);
        }
    }

    [SkippableFact]
    public async Task Entity_PhoneNumberAndTokenized_JunkOrForeignPhoneShapedToken_IsRefused_OwnTokenIsKept()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var foreign = await vault.TokenizeAsync(Number, "tenant-b", TokenFormat.PhoneShaped);
        var own = await vault.TokenizeAsync(Number, "tenant-a", TokenFormat.PhoneShaped);
        Tenant.TenantId = "tenant-a";
        try
        {
            foreach (var value in new[] { foreign, "+" + new string('9', 21), "+91" + new string('1', 18) })
            {
                await using var db = host.CreateContext();
                db.Calls.Add(new DialledCall { Dialled = value });
                var ex = await Assert.ThrowsAsync<DataGuardValidationException>(() => db.SaveChangesAsync());
                Assert.Equal("DialledCall.Dialled", ex.Property);
                Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
            }

            var call = new DialledCall { Dialled = own };
            await using (var db = host.CreateContext())
            {
                db.Calls.Add(call);
                await db.SaveChangesAsync();
            }

            Assert.Equal(own, call.Dialled);
        }
        finally
        {
            Tenant.TenantId = null;
        }

        await using var check = host.CreateContext();
        Assert.Equal([own], await check.Calls.Select(c => c.Dialled).ToListAsync());
    }

    [SkippableFact]
    public async Task Entity_TokenCreatedEarlierInSameTransaction_IsAccepted()
    {
        await using var host = await StartAsync();
        var first = new TokenSubscriber { TenantId = "t1", Number = Number };
        var copy = new TokenSubscriber { TenantId = "t1" };
        await using (var db = host.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Subscribers.Add(first);
            await db.SaveChangesAsync();
            copy.Number = first.Number;
            db.Subscribers.Add(copy);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.Equal(first.Number, copy.Number);
        Assert.Equal(1, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Entity_NullTenantPropertyIsGlobal_EmptyTenantPropertyIsRefused()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var contact = new TokenContact { TenantId = null, Number = Number };
        await using (var db = host.CreateContext())
        {
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
        }

        Assert.Equal(await vault.TokenizeAsync(Number, null), contact.Number);
        await using (var db = host.CreateContext())
        {
            // The global token copied into another global row is accepted.
            db.Contacts.Add(new TokenContact { TenantId = null, Number = contact.Number });
            await db.SaveChangesAsync();
        }

        foreach (var empty in new[] { string.Empty, " " })
        {
            await using var db = host.CreateContext();
            db.Subscribers.Add(new TokenSubscriber { TenantId = empty, Number = "+915555555555" });
            var ex = await Assert.ThrowsAsync<DataGuardValidationException>(() => db.SaveChangesAsync());
            Assert.Equal("TokenSubscriber.Number", ex.Property);
            Assert.Contains("TokenSubscriber.TenantId", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("5555555555", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, await CountVaultRowsAsync(host));
    }

    [SkippableFact]
    public async Task Detokenize_WithTenantContext_ResolvesOwnAndGlobalTokensOnly_AuditsTenant()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var own = await vault.TokenizeAsync(Number, "tenant-a");
        var other = await vault.TokenizeAsync("+912222222222", "tenant-b");
        var global = await vault.TokenizeAsync("+913333333333", null);
        IReadOnlyDictionary<string, string> values;
        string? single;
        Tenant.TenantId = "tenant-a";
        try
        {
            values = await WithDetokenizePermissionAsync(() => vault.DetokenizeManyAsync([own, other, global], "dispute"));
            single = await DetokenizeAsGrantedAsync(vault, other);
        }
        finally
        {
            Tenant.TenantId = null;
        }

        Assert.Equal(2, values.Count);
        Assert.Equal(Number, values[own]);
        Assert.Equal("+913333333333", values[global]);
        Assert.False(values.ContainsKey(other));
        Assert.Null(single);
        Assert.Equal(2, Audit.Events.Count);
        Assert.All(Audit.Events, e => Assert.Equal("tenant-a", e.TenantId));
        Assert.Equal(2, Audit.Events.First().Count);

        // Without a tenant (single-tenant applications, background jobs) there is no filter.
        Assert.Equal("+912222222222", await DetokenizeAsGrantedAsync(vault, other));
        Assert.Null(Audit.Events.Last().TenantId);
    }

    [SkippableFact]
    public async Task Detokenize_ValueCopiedFromAnotherTenantsRow_ThrowsCryptographicAndAuditsFailure()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var victim = await vault.TokenizeAsync(Number, "tenant-a");
        await vault.TokenizeAsync("+912222222222", "tenant-b");
        await using (var db = host.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"DataGuardTokens\" SET \"Value\" = (SELECT \"Value\" FROM \"DataGuardTokens\" WHERE \"TenantId\" = 'tenant-b') WHERE \"TenantId\" = 'tenant-a'");
        }

        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => DetokenizeAsGrantedAsync(vault, victim));

        Assert.Equal(CryptographicFailureReason.AuthenticationFailed, ex.Reason);
        Assert.Equal("DataGuardTokens.Value", ex.Column);
        Assert.Contains("table DataGuardTokens, column Value", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2222222222", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", ex.Message, StringComparison.Ordinal);
        var audited = Assert.Single(Audit.Events);
        Assert.Equal(AuditOutcome.Failed, audited.Outcome);
    }

    [SkippableFact]
    public async Task Detokenize_RowTenantChangedInPlace_Throws()
    {
        await using var host = await StartAsync();
        var vault = Vault(host);
        var token = await vault.TokenizeAsync(Number, "tenant-b");
        await using (var db = host.CreateContext())
        {
            // Made global, so that the tenant filter of tenant-a would let it through.
            await db.Database.ExecuteSqlRawAsync("UPDATE \"DataGuardTokens\" SET \"TenantId\" = NULL WHERE \"TenantId\" = 'tenant-b'");
        }

        Tenant.TenantId = "tenant-a";
        try
        {
            var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => DetokenizeAsGrantedAsync(vault, token));
            Assert.Equal("DataGuardTokens.Value", ex.Column);
        }
        finally
        {
            Tenant.TenantId = null;
        }
    }

    protected static ITokenVault Vault(TestHost<TokenDbContext> host) => host.Services.GetRequiredService<ITokenVault>();

    protected static async Task<int> CountVaultRowsAsync(TestHost<TokenDbContext> host)
    {
        await using var db = host.CreateContext();
        return await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"DataGuardTokens\"").SingleAsync();
    }

    protected static Task<T> WithDetokenizePermissionAsync<T>(Func<Task<T>> action)
        => WithPermissionAsync(DataGuardPermissions.Detokenize, action);

    protected static async Task<T> WithPermissionAsync<T>(string permission, Func<Task<T>> action)
    {
        var previous = Thread.CurrentPrincipal;
        Thread.CurrentPrincipal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "agent-7"), new Claim(DataGuardClaimTypes.Permission, permission)], "test"));
        try
        {
            return await action();
        }
        finally
        {
            Thread.CurrentPrincipal = previous;
        }
    }

    protected static Task<string?> DetokenizeAsGrantedAsync(ITokenVault vault, string token, string? purpose = null)
        => WithDetokenizePermissionAsync(() => vault.DetokenizeAsync(token, purpose));

    protected static Task<bool> DeleteAsGrantedAsync(ITokenVault vault, string value, string? tenantId)
        => WithPermissionAsync(DataGuardPermissions.ErasePersonalData, () => vault.DeleteAsync(value, tenantId));

    protected Task<TestHost<TokenDbContext>> StartAsync()
        => TestHost<TokenDbContext>.StartAsync(
            Database,
            configure: dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN"),
            services: s =>
            {
                s.Replace(ServiceDescriptor.Singleton<IAuditSink>(Audit));
                s.AddSingleton<IDataGuardTenantContext>(Tenant);
            });

    private async Task SaveInTenantAsync(TestHost<TokenDbContext> host, string? tenant, DialledCall call)
    {
        Tenant.TenantId = tenant;
        try
        {
            await using var db = host.CreateContext();
            db.Calls.Add(call);
            await db.SaveChangesAsync();
        }
        finally
        {
            Tenant.TenantId = null;
        }
    }
}
