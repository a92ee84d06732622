// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using CallCenter;
using CallCenter.Demo;
using CallCenter.Endpoints;
using DataGuard.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.IntegrationTests.Samples;

/// <summary>The sample users copy: its demo (the README's first command) and its API on PostgreSQL.</summary>
public sealed class CallCenterSampleTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "dataguard-sample-" + Guid.NewGuid().ToString("N")[..12]);

    public CallCenterSampleTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task Demo_OnSqlite_ShowsCiphertextLookupRefusalAndRotation()
    {
        var app = CallCenterApp.Build(["--contentRoot", _contentRoot], demo: true);
        await CallCenterApp.CreateDatabaseAsync(app);
        using var output = new StringWriter();

        var exitCode = await new DemoRunner(app, output).RunAsync();
        await app.DisposeAsync();

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        var stored = text.Split('\n').Single(l => l.Contains("stored in the database:", StringComparison.Ordinal));
        Assert.Contains("dgEB", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("98765", stored, StringComparison.Ordinal);
        Assert.Contains("read through DataGuard: +91 98765 43210", text, StringComparison.Ordinal);
        Assert.Contains("found 10 call logs of Asha", text, StringComparison.Ordinal);
        Assert.Contains("OrderBy(c => c.CallerNumber): DataGuard refused the query", text, StringComparison.Ordinal);
        Assert.Contains("re-encrypted 38 rows (0 changed concurrently, 0 failed)", text, StringComparison.Ordinal);
        Assert.Contains("after rotation the blind-index lookup still finds 10 call logs", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_contentRoot, "App_Data", "demo", "callcenter.db")));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(_contentRoot, "App_Data", "demo", "recordings")).Length);
    }

    [Fact]
    public async Task Demo_RunTwice_StartsFromAFreshDatabaseEachTime()
    {
        for (var run = 0; run < 2; run++)
        {
            var app = CallCenterApp.Build(["--contentRoot", _contentRoot], demo: true);
            await CallCenterApp.CreateDatabaseAsync(app);
            using var output = new StringWriter();
            Assert.Equal(0, await new DemoRunner(app, output).RunAsync());
            await app.DisposeAsync();
            Assert.Contains("Seeded 2 tenants, 3 contacts, 30 call logs", output.ToString(), StringComparison.Ordinal);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}

/// <summary>The sample on PostgreSQL, selected by configuration only.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CallCenterSamplePostgresTests(PostgresFixture database)
{
    [SkippableFact]
    public async Task Api_OnPostgres_StoresCiphertextAndFindsCallsByAnySpellingOfTheNumber()
    {
        var connectionString = await database.CreateDatabaseAsync();
        var contentRoot = Path.Combine(Path.GetTempPath(), "dataguard-sample-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(contentRoot);
        try
        {
            await using var app = CallCenterApp.Build(["--contentRoot", contentRoot, "--urls", "http://127.0.0.1:0", "--Database:Provider", "Postgres", "--ConnectionStrings:CallCenter", connectionString]);
            await CallCenterApp.CreateDatabaseAsync(app);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var tenant = Guid.NewGuid();

            var created = await client.PostAsJsonAsync(
                new Uri($"/tenants/{tenant}/calls", UriKind.Relative),
                new CallCenterEndpoints.NewCall("+254 712 345678", "+18005550100", "hello", DateTimeOffset.UnixEpoch, 42));
            created.EnsureSuccessStatusCode();

            var found = await client.GetFromJsonAsync<JsonElement>(new Uri($"/tenants/{tenant}/calls?caller=%2B254712345678", UriKind.Relative));
            Assert.Equal(1, found.GetArrayLength());
            Assert.Equal("+254 712 345678", found[0].GetProperty("callerNumber").GetString());

            var none = await client.GetFromJsonAsync<JsonElement>(new Uri($"/tenants/{tenant}/calls?caller=%2B254700000000", UriKind.Relative));
            Assert.Equal(0, none.GetArrayLength());

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallCenter.Data.CallCenterDb>();
            var raw = await db.Database.SqlQueryRaw<string>("SELECT \"CallerNumber\" AS \"Value\" FROM \"CallLogs\"").ToListAsync();
            Assert.StartsWith("dgEB", Assert.Single(raw), StringComparison.Ordinal);
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }
}
