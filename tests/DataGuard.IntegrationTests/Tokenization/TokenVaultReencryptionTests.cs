// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Encryption;
using DataGuard.Encryption;
using DataGuard.IntegrationTests.Encryption;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Tokenization;

/// <summary>The re-encryption job over the token vault: after a data-key rotation the vault's values move to the new key.</summary>
public abstract class TokenVaultReencryptionTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private const string VaultTable = "DataGuardTokens";

    private static readonly string[] Values = Enumerable.Range(0, 7).Select(i => "+91987654321" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    protected TFixture Database { get; } = database;

    protected AsyncLocalTenantContext Tenant { get; } = new();

    [SkippableFact]
    public async Task Job_AfterDataKeyRotation_RewritesVaultValuesUnderTheNewKey_TokensStillResolve()
    {
        await using var host = await StartVaultHostAsync(new FakeTimeProvider());
        var vault = Vault(host);
        var tokens = new List<string>(await vault.TokenizeManyAsync(Values, null));
        tokens.Add(await vault.TokenizeAsync(Values[0], "tenant-a"));
        var oldKey = ActiveDataKey(host);
        var lookupsBefore = await ReadVaultAsync(host, "Lookup");
        var newKey = await host.KeyRing.RotateDataKeyAsync();
        Assert.True(RawColumns.AllUnder(await ReadVaultAsync(host, "Value"), oldKey));

        var reports = new List<ReencryptionProgress>();
        var result = await Job(host).RunAsync(new ReencryptionOptions { BatchSize = 3 }, new SynchronousProgress<ReencryptionProgress>(reports.Add));

        var table = Assert.Single(result.Tables, t => t.Table == VaultTable);
        Assert.Equal(8, table.RowsScanned);
        Assert.Equal(8, table.RowsRewritten);
        Assert.Equal(0, table.RowsConflicted);
        Assert.Equal(0, table.RowsFailed);
        Assert.True(table.Completed);
        Assert.Equal(3, reports.Count(r => r.Table == VaultTable));
        var stored = await ReadVaultAsync(host, "Value");
        Assert.Equal(8, stored.Count);
        Assert.True(RawColumns.AllUnder(stored, newKey));
        Assert.Equal(lookupsBefore, await ReadVaultAsync(host, "Lookup"));
        for (var i = 0; i < Values.Length; i++)
        {
            Assert.Equal(Values[i], await DetokenizeAsGrantedAsync(vault, tokens[i]));
        }

        Assert.Equal(Values[0], await DetokenizeAsGrantedAsync(vault, tokens[^1]));
        Assert.Equal(tokens[0], await vault.TokenizeAsync(Values[0], null));
        Assert.Equal(8, await CountVaultRowsAsync(host));

        // A second run finds nothing left to do.
        var again = await Job(host).RunAsync();
        var second = Assert.Single(again.Tables, t => t.Table == VaultTable);
        Assert.Equal(8, second.RowsScanned);
        Assert.Equal(0, second.RowsRewritten);
        Assert.Equal(stored, await ReadVaultAsync(host, "Value"));
    }

    [SkippableFact]
    public async Task Job_ThenOldDataKeyDestroyed_TokensStillResolve()
    {
        var time = new FakeTimeProvider();
        await using var host = await StartVaultHostAsync(time);
        var vault = Vault(host);
        var tokens = await vault.TokenizeManyAsync(Values, "tenant-a");
        var oldKey = ActiveDataKey(host);
        await host.KeyRing.RotateDataKeyAsync();

        var result = await Job(host).RunAsync();
        Assert.Equal(Values.Length, result.Tables.Single(t => t.Table == VaultTable).RowsRewritten);
        time.Advance(TimeSpan.FromMinutes(11));
        await host.KeyRing.DestroyKeyAsync(oldKey);

        Tenant.TenantId = "tenant-a";
        try
        {
            var resolved = await WithDetokenizePermissionAsync(() => vault.DetokenizeManyAsync(tokens.ToArray()));
            Assert.Equal(Values.Length, resolved.Count);
            for (var i = 0; i < Values.Length; i++)
            {
                Assert.Equal(Values[i], resolved[tokens[i]]);
            }
        }
        finally
        {
            Tenant.TenantId = null;
        }

        Assert.Equal(0, (await Job(host).RunAsync()).RowsFailed);
    }

    [SkippableFact]
    public async Task Job_VaultRowDeletedBetweenReadAndRewrite_CountsAConflictAndRewritesTheOthers()
    {
        await using var host = await StartVaultHostAsync(new FakeTimeProvider());
        var tokens = await Vault(host).TokenizeManyAsync(Values, null);
        var newKey = await host.KeyRing.RotateDataKeyAsync();
        var job = (EntityFrameworkReencryptionJob<TokenDbContext>)Job(host);
        var deleted = false;
        job.AfterBatchRead = async (table, cancellationToken) =>
        {
            if (table == VaultTable && !deleted)
            {
                deleted = true;
                await using var db = host.CreateContext();
                await db.Database.ExecuteSqlAsync($"DELETE FROM \"DataGuardTokens\" WHERE \"Token\" = {tokens[0]}", cancellationToken);
            }
        };

        var result = await job.RunAsync();

        var vaultResult = result.Tables.Single(t => t.Table == VaultTable);
        Assert.Equal(1, vaultResult.RowsConflicted);
        Assert.Equal(Values.Length - 1, vaultResult.RowsRewritten);
        Assert.True(RawColumns.AllUnder(await ReadVaultAsync(host, "Value"), newKey));
        Assert.Equal(Values.Length - 1, await CountVaultRowsAsync(host));
    }

    private static ITokenVault Vault(TestHost<TokenDbContext> host) => host.Services.GetRequiredService<ITokenVault>();

    private static async Task<int> CountVaultRowsAsync(TestHost<TokenDbContext> host)
    {
        await using var db = host.CreateContext();
        return await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"DataGuardTokens\"").SingleAsync();
    }

    private static async Task<T> WithDetokenizePermissionAsync<T>(Func<Task<T>> action)
    {
        var previous = Thread.CurrentPrincipal;
        Thread.CurrentPrincipal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "agent-7"), new Claim(DataGuardClaimTypes.Permission, DataGuardPermissions.Detokenize)], "test"));
        try
        {
            return await action();
        }
        finally
        {
            Thread.CurrentPrincipal = previous;
        }
    }

    private static Task<string?> DetokenizeAsGrantedAsync(ITokenVault vault, string token)
        => WithDetokenizePermissionAsync(() => vault.DetokenizeAsync(token));

    private static KeyId ActiveDataKey(TestHost<TokenDbContext> host)
        => host.KeyRing.GetKeys().Single(k => k.IsActive && k.Purpose == KeyPurpose.DataEncryption).Id;

    private static IReencryptionJob Job(TestHost<TokenDbContext> host) => host.Services.GetRequiredService<IReencryptionJob>();

    private static async Task<List<string?>> ReadVaultAsync(TestHost<TokenDbContext> host, string column)
    {
        await using var db = host.CreateContext();
        return await RawColumns.ReadAsync(db, VaultTable, column, orderBy: "Lookup");
    }

    private Task<TestHost<TokenDbContext>> StartVaultHostAsync(TimeProvider time)
        => TestHost<TokenDbContext>.StartAsync(
            Database,
            configure: dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN"),
            services: s =>
            {
                s.AddSingleton<IDataGuardTenantContext>(Tenant);
                s.AddSingleton<TimeProvider>(time);
            });
}
