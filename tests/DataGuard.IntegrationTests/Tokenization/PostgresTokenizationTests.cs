// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.IntegrationTests.Tokenization;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTokenizationTests(PostgresFixture database) : TokenizationTests<PostgresFixture>(database)
{
    /// <summary>
    /// Another connection inserts the same lookup (uncommitted) while the application's transaction writes it: the application's
    /// insert waits, then does nothing instead of raising a unique violation, which on PostgreSQL would abort the whole transaction.
    /// </summary>
    [SkippableFact]
    public async Task Entity_InsideAppTransaction_ConcurrentInsertOfSameLookup_TransactionContinuesAndCommits()
    {
        await using var host = await StartAsync();
        await using var other = host.CreateContext();
        await using var otherTransaction = await other.Database.BeginTransactionAsync();
        var first = new TokenSubscriber { TenantId = "t1", Number = Number };
        other.Subscribers.Add(first);
        await other.SaveChangesAsync();

        await using var app = host.CreateContext();
        await using var appTransaction = await app.Database.BeginTransactionAsync();
        var second = new TokenSubscriber { TenantId = "t1", Number = Number };
        app.Subscribers.Add(second);
        var saving = app.SaveChangesAsync();

        await WaitForLockWaitAsync(host);
        await otherTransaction.CommitAsync();
        await saving;

        // The transaction is still usable: more work, then commit.
        app.Subscribers.Add(new TokenSubscriber { TenantId = "t1", Number = "+913333333333" });
        await app.SaveChangesAsync();
        await appTransaction.CommitAsync();

        Assert.Equal(first.Number, second.Number);
        Assert.Equal(2, await CountVaultRowsAsync(host));
        await using var check = host.CreateContext();
        Assert.Equal(3, await check.Subscribers.CountAsync());
    }

    /// <summary>Waits until a backend of the test database waits for a lock (the application's insert behind the other transaction).</summary>
    private static async Task WaitForLockWaitAsync(TestHost<TokenDbContext> host)
    {
        await using var probe = host.CreateContext();
        for (var i = 0; i < 600; i++)
        {
            var waiting = await probe.Database
                .SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .SingleAsync();
            if (waiting > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The application's insert never waited for the other transaction's lock.");
    }
}
