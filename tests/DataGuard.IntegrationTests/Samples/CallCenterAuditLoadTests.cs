// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using CallCenter;
using CallCenter.Endpoints;
using Microsoft.AspNetCore.TestHost;
using Xunit;

namespace DataGuard.IntegrationTests.Samples;

/// <summary>The sample under load: every request to an audited endpoint leaves exactly one durable record, and the chains verify.</summary>
public sealed class CallCenterAuditLoadTests : IDisposable
{
    private const int Requests = 1_000;
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "dataguard-sample-load-" + Guid.NewGuid().ToString("N")[..12]);

    public CallCenterAuditLoadTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    // Guarantee: nothing is dropped (back-pressure, flush on graceful shutdown) and concurrent appends keep one valid chain per stream.
    [Fact]
    public async Task Api_1000ConcurrentRequests_ThenGracefulShutdown_RecordCountEqualsRequestCount_AndChainsVerify()
    {
        var app = CallCenterApp.Build(
            ["--contentRoot", _contentRoot, "--Authentication:DemoHeaders", "true"],
            configure: b => b.WebHost.UseTestServer());
        await CallCenterApp.CreateDatabaseAsync(app);
        await app.StartAsync();
        var tenant = Guid.NewGuid();
        using (var client = app.GetTestClient())
        {
            (await client.PostAsJsonAsync(
                new Uri($"/tenants/{tenant}/calls", UriKind.Relative),
                new CallCenterEndpoints.NewCall("+91 98765 43210", "+91 22 6123 4567", null, DateTimeOffset.UnixEpoch, 42))).EnsureSuccessStatusCode();

            var requests = Enumerable.Range(0, Requests).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/tenants/{tenant}/calls", UriKind.Relative));
                request.Headers.Add("X-Demo-User", "agent-" + (i % 10));
                request.Headers.Add("X-Demo-Roles", "Agent");
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
            });
            await Task.WhenAll(requests);
        }

        await app.StopAsync();
        var connectionString = app.Configuration["ConnectionStrings:CallCenter"]!;

        // Read back through a fresh provider: what counts is what is durable in the database after the shutdown.
        await using var reader = await CallCenterApp.OpenAuditTrailAsync(app, connectionString);
        await app.DisposeAsync();
        var trail = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IAuditTrail>(reader);
        var records = new List<AuditRecord>();
        foreach (var stream in await trail.GetStreamsAsync())
        {
            var result = await trail.VerifyAsync(stream);
            Assert.True(result.IsValid, $"{stream}: {result.Message}");
            await foreach (var record in trail.ReadAsync(stream))
            {
                records.Add(record);
            }
        }

        var gets = records.Where(r => r.Event.Action == AuditActions.Request && r.Event.Resource!.StartsWith("GET ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Requests, gets.Count);
        Assert.Equal(Requests, gets.Select(r => (r.Stream, r.Sequence)).Distinct().Count());
        Assert.All(gets, r => Assert.Equal(AuditOutcome.Success, r.Event.Outcome));
        Assert.Single(records, r => r.Event.Action == AuditActions.Request && r.Event.Resource!.StartsWith("POST ", StringComparison.Ordinal));
    }
}
