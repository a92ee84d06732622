// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.IntegrationTests.Encryption;

/// <summary>Field encryption through EF Core, run on every real provider.</summary>
public abstract class EncryptionTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    protected TFixture Database { get; } = database;

    [SkippableFact]
    public async Task RoundTrip_String_StoredAsCiphertextAndReadBack()
    {
        await using var host = await TestHost.StartAsync(Database);
        await using (var db = host.CreateContext())
        {
            db.CallLogs.Add(new CallLog { CallerNumber = "+919876543210", Transcript = "hello", StartedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            var log = await db.CallLogs.SingleAsync();
            Assert.Equal("+919876543210", log.CallerNumber);
            Assert.Equal("hello", log.Transcript);
            var raw = await db.Database.SqlQueryRaw<string>("SELECT \"CallerNumber\" AS \"Value\" FROM \"CallLogs\"").SingleAsync();
            Assert.StartsWith("dgEB", raw, StringComparison.Ordinal);
            Assert.DoesNotContain("9876543210", raw, StringComparison.Ordinal);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteEncryptionTests(SqliteFixture database) : EncryptionTests<SqliteFixture>(database);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEncryptionTests(PostgresFixture database) : EncryptionTests<PostgresFixture>(database);
