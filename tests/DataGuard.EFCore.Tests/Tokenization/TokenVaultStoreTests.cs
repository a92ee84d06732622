// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Tokenization;
using DataGuard.Encryption;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.EFCore.Tests.Tokenization;

/// <summary>The vault's write path: token collisions and their bounded retries, the clock, index-key rotation, the synchronous path.</summary>
public sealed class TokenVaultStoreTests(SqliteFixture database) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Tokenize_NewTokenCollidesWithExistingToken_RetriesWithNewToken()
    {
        await using var host = await TestHost<VaultDbContext>.StartAsync(database);
        await using var db = host.CreateContext();
        var existing = (await TokenizeAsync(host, db, ["+911111111111"]))[0];
        var calls = 0;

        var tokens = await TokenizeAsync(host, db, ["+912222222222", "+913333333333"], createToken: (value, format, code) =>
            Interlocked.Increment(ref calls) == 1 ? existing : TokenFormats.Create(value, format, code));

        Assert.Equal(3, calls);
        Assert.DoesNotContain(existing, tokens);
        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.Equal(tokens, await TokenizeAsync(host, db, ["+912222222222", "+913333333333"]));
        Assert.Equal(3, await db.Set<DataGuardTokenEntity>().CountAsync());
    }

    [Fact]
    public async Task Tokenize_EveryAttemptCollides_ThrowsAfterBoundedRetries()
    {
        await using var host = await TestHost<VaultDbContext>.StartAsync(database);
        await using var db = host.CreateContext();
        var existing = (await TokenizeAsync(host, db, ["+911111111111"]))[0];
        var calls = 0;

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TokenizeAsync(host, db, ["+912222222222"], createToken: (_, _, _) =>
        {
            calls++;
            return existing;
        }));

        Assert.Equal(TokenVaultStore.MaxAttempts, calls);
        Assert.Contains($"after {TokenVaultStore.MaxAttempts} attempts", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2222222222", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, await db.Set<DataGuardTokenEntity>().CountAsync());
    }

    [Fact]
    public async Task Tokenize_WritesEntryWithTenantFormatAndClockTime()
    {
        await using var host = await TestHost<VaultDbContext>.StartAsync(database);
        await using var db = host.CreateContext();
        var now = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

        var token = (await TokenizeAsync(host, db, ["+919876543210"], "tenant-1", TokenFormat.PhoneShaped, new FakeTimeProvider(now)))[0];

        var entry = await db.Set<DataGuardTokenEntity>().SingleAsync();
        Assert.Equal(token, entry.Token);
        Assert.Equal("tenant-1", entry.TenantId);
        Assert.Equal((int)TokenFormat.PhoneShaped, entry.Format);
        Assert.Equal(now, entry.CreatedAt);
        Assert.Equal("+919876543210", TokenVaultStore.ProtectorFor(host.Services.GetRequiredService<FieldEncryptor>()).DecryptString(entry.Value));
    }

    [Fact]
    public async Task Tokenize_AfterIndexKeyRotation_FindsEntryWrittenUnderOldKey()
    {
        await using var host = await TestHost<VaultDbContext>.StartAsync(database);
        await using var db = host.CreateContext();
        var before = (await TokenizeAsync(host, db, ["+919876543210"]))[0];

        await host.KeyRing.RotateIndexKeyAsync();
        var after = (await TokenizeAsync(host, db, ["+919876543210"]))[0];

        Assert.Equal(before, after);
        Assert.Equal(1, await db.Set<DataGuardTokenEntity>().CountAsync());
    }

    [Fact]
    public async Task Tokenize_SynchronousPath_SameResultAsAsync()
    {
        await using var host = await TestHost<VaultDbContext>.StartAsync(database);
        await using var db = host.CreateContext();
        var protector = TokenVaultStore.ProtectorFor(host.Services.GetRequiredService<FieldEncryptor>());

        var task = TokenVaultStore.TokenizeAsync(db, protector, TimeProvider.System, null, ["+919876543210"], null, TokenFormat.Opaque, null, async: false, CancellationToken.None);

        Assert.True(task.IsCompleted);
        Assert.Equal(await TokenizeAsync(host, db, ["+919876543210"]), await task);
    }

    private static Task<string[]> TokenizeAsync(
        TestHost<VaultDbContext> host,
        VaultDbContext db,
        string[] values,
        string? tenant = null,
        TokenFormat format = TokenFormat.Opaque,
        TimeProvider? timeProvider = null,
        Func<string, TokenFormat, int, string>? createToken = null)
        => TokenVaultStore.TokenizeAsync(
            db,
            TokenVaultStore.ProtectorFor(host.Services.GetRequiredService<FieldEncryptor>()),
            timeProvider ?? TimeProvider.System,
            null,
            values,
            tenant,
            format,
            null,
            async: true,
            CancellationToken.None,
            createToken);
}
