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

    private static async Task<string> GetAsync(HttpClient client, string path, string? user, string? roles, string? purpose)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Add("X-Demo-User", user);
            request.Headers.Add("X-Demo-Roles", roles);
        }

        if (purpose is not null)
        {
            request.Headers.Add("X-DataGuard-Purpose", purpose);
        }

        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

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
        Assert.Contains("read through DataGuard: +919876543210", text, StringComparison.Ordinal);
        Assert.Contains("found 10 call logs of Asha", text, StringComparison.Ordinal);
        Assert.Contains("OrderBy(c => c.CallerNumber): DataGuard refused the query", text, StringComparison.Ordinal);
        Assert.Contains("DataGuardTokens: batch 1, 4 rows scanned, 4 rewritten", text, StringComparison.Ordinal);
        Assert.Contains("re-encrypted 42 rows (0 changed concurrently, 0 failed)", text, StringComparison.Ordinal);
        Assert.Contains("after rotation the blind-index lookup still finds 10 call logs", text, StringComparison.Ordinal);
        Assert.Contains("agent-7 (Agent):                        callerNumber +91 98••• ••210", text, StringComparison.Ordinal);
        Assert.Contains("sup-1 (Supervisor), no purpose:         callerNumber +91 98••• ••210", text, StringComparison.Ordinal);
        Assert.Contains("sup-1 (Supervisor), purpose stated:     callerNumber +919876543210", text, StringComparison.Ordinal);
        Assert.Contains("audit: unmask Success by sup-1 (Supervisor)", text, StringComparison.Ordinal);
        var transcript = text.Split('\n').Single(l => l.Contains("transcript as agent-7 sees it:", StringComparison.Ordinal));
        Assert.Contains("call back on +91 98••• ••210 or write to a•••@example.in", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("43210", transcript, StringComparison.Ordinal);
        Assert.Contains("card •••• •••• •••• 1111, asked us to call +44 20 •••• •958 before 10:30 on 12.05.2026.", text, StringComparison.Ordinal);
        var token = text.Split('\n').Single(l => l.Contains("stored in CallLogs.DialledNumber:", StringComparison.Ordinal));
        Assert.Matches(@"DialledNumber: \+91\d{18} \(2 distinct tokens", token);
        Assert.Contains("agent-7 asks for the number: HTTP 403", text, StringComparison.Ordinal);
        Assert.Contains("sup-1 asks for the number:   HTTP 200, +912261234567", text, StringComparison.Ordinal);
        Assert.Contains("audit: detokenize Denied by agent-7, purpose callback, 1 token(s)", text, StringComparison.Ordinal);
        Assert.Contains("audit: detokenize Success by sup-1, purpose callback, 1 token(s)", text, StringComparison.Ordinal);
        var trail = text[text.IndexOf("8. The audit trail of this run", StringComparison.Ordinal)..];
        Assert.Matches(@"system #1 +\S+ create +Success", trail);
        Assert.Matches(@"request +Success sup-1 +GET /tenants/\{tenantId:guid\}/calls/ count 2 subjects s1:", trail);
        Assert.Matches(@"verify system: valid, \d+ records; checkpoint exported at #\d+ [0-9a-f]{12}", trail);
        Assert.Contains("tampered copy (actor of system #2 rewritten): BROKEN at #2: HashMismatch", trail, StringComparison.Ordinal);
        Assert.DoesNotContain("98765", trail, StringComparison.Ordinal);
        Assert.DoesNotContain("43210", trail, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(Path.Combine(_contentRoot, "App_Data", "demo", "audit-checkpoints.jsonl")));
        Assert.True(File.Exists(Path.Combine(_contentRoot, "App_Data", "demo", "callcenter.db")));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(_contentRoot, "App_Data", "demo", "recordings")).Length);
    }

    [Fact]
    public async Task Api_WithoutPermission_ShowsOnlyMaskedNumbers_WithPermissionAndPurpose_RawNumbersAndOneAuditEvent()
    {
        var audit = new CapturingAuditSink();
        await using var app = CallCenterApp.Build(
            ["--contentRoot", _contentRoot, "--urls", "http://127.0.0.1:0", "--Authentication:DemoHeaders", "true"],
            configure: b => b.Services.AddSingleton<DataGuard.IAuditSink>(audit));
        await CallCenterApp.CreateDatabaseAsync(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var tenant = Guid.NewGuid();
        (await client.PostAsJsonAsync(
            new Uri($"/tenants/{tenant}/calls", UriKind.Relative),
            new CallCenterEndpoints.NewCall("098765 43210", "+91 22 6123 4567", "Call me back on 98765-43210 or +44 20 7946 0958.", DateTimeOffset.UnixEpoch, 42))).EnsureSuccessStatusCode();

        foreach (var (user, roles, purpose) in new[] { ((string?)null, (string?)null, (string?)null), ("agent-7", "Agent", "billing"), ("sup-1", "Supervisor", null) })
        {
            var body = await GetAsync(client, $"/tenants/{tenant}/calls", user, roles, purpose);
            var call = JsonDocument.Parse(body).RootElement[0];
            Assert.Equal("+91 98••• ••210", call.GetProperty("callerNumber").GetString());
            Assert.Equal("Call me back on +91 98••• ••210 or +44 20 •••• •958.", call.GetProperty("transcript").GetString());
            Assert.DoesNotContain("43210", body, StringComparison.Ordinal);
            Assert.DoesNotContain("7946", body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(audit.Events, e => e.Action == DataGuard.AuditActions.Unmask && e.Outcome == DataGuard.AuditOutcome.Success);
        var raw = JsonDocument.Parse(await GetAsync(client, $"/tenants/{tenant}/calls", "sup-1", "Supervisor", "billing-dispute")).RootElement[0];

        Assert.Equal("+919876543210", raw.GetProperty("callerNumber").GetString());
        Assert.Equal("Call me back on 98765-43210 or +44 20 7946 0958.", raw.GetProperty("transcript").GetString());
        await app.StopAsync();
        var unmasked = Assert.Single(audit.Events, e => e.Action == DataGuard.AuditActions.Unmask && e.Outcome == DataGuard.AuditOutcome.Success);
        Assert.Equal(DataGuard.AuditActions.Unmask, unmasked.Action);
        Assert.Equal("sup-1", unmasked.ActorId);
        Assert.Equal("billing-dispute", unmasked.Purpose);
        Assert.DoesNotContain("98765", unmasked.Resource ?? string.Empty, StringComparison.Ordinal);
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

/// <summary>Records audit events of the sample under test.</summary>
internal sealed class CapturingAuditSink : DataGuard.IAuditSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<DataGuard.AuditEvent> _events = new();

    public System.Collections.Generic.IReadOnlyCollection<DataGuard.AuditEvent> Events => _events;

    public System.Threading.Tasks.ValueTask WriteAsync(DataGuard.AuditEvent auditEvent, System.Threading.CancellationToken cancellationToken = default)
    {
        _events.Enqueue(auditEvent);
        return System.Threading.Tasks.ValueTask.CompletedTask;
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
                new CallCenterEndpoints.NewCall("+254 712 345678", "+91 22 6123 4567", "hello", DateTimeOffset.UnixEpoch, 42));
            created.EnsureSuccessStatusCode();

            var found = await client.GetFromJsonAsync<JsonElement>(new Uri($"/tenants/{tenant}/calls?caller=%2B254712345678", UriKind.Relative));
            Assert.Equal(1, found.GetArrayLength());
            Assert.Equal("+254 7•• •••678", found[0].GetProperty("callerNumber").GetString());

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
