// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Model;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.Query;

/// <summary>Encrypted indexer properties (property bags) are guarded like ordinary ones.</summary>
public sealed class IndexerPropertyGuardTests : IAsyncLifetime
{
    private readonly SqliteFixture _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task IndexerProperty_ComparedInPredicate_Refused_ProjectionAndRoundTripWork()
    {
        await using var host = await TestHost<BagDbContext>.StartAsync(_database);
        await using (var db = host.CreateContext())
        {
            var bag = new BagEntity();
            bag["Secret"] = "bag secret";
            db.Bags.Add(bag);
            await db.SaveChangesAsync();
        }

        await using var check = host.CreateContext();
        var ex = await Assert.ThrowsAsync<DataGuardQueryException>(() => check.Bags.Where(b => (string)b["Secret"]! == "bag secret").ToListAsync());
        Assert.Contains("BagEntity[\"Secret\"]", ex.Message, StringComparison.Ordinal);
        Assert.Equal("bag secret", await check.Bags.Select(b => (string)b["Secret"]!).SingleAsync());
        var raw = await check.Database.SqlQueryRaw<string>("SELECT \"Secret\" AS \"Value\" FROM \"Bags\"").SingleAsync();
        Assert.StartsWith("dgEB", raw, StringComparison.Ordinal);
    }
}
