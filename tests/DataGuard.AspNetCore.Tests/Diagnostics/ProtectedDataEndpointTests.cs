// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Diagnostics;

/// <summary>The whole chain on a real database: a tampered value read by an endpoint becomes a ProblemDetails answer, not a leak.</summary>
public sealed class ProtectedDataEndpointTests : IClassFixture<SqliteFixture>
{
    private readonly SqliteFixture _database;

    public ProtectedDataEndpointTests(SqliteFixture database) => _database = database;

    [Fact]
    public async Task Get_TamperedCiphertext_Answers500ProblemAndNeverTheValue()
    {
        var connectionString = await _database.CreateDatabaseAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().SetApplicationName("DataGuard.AspNetCore.Tests").UseEphemeralDataProtectionProvider();
        builder.Services.AddDbContext<TestDbContext>((sp, o) => o.UseSqlite(connectionString).UseDataGuard(sp));
        builder.Services.AddDataGuard(dg => dg.UseEntityFrameworkCore<TestDbContext>().AddProblemDetailsMapping());
        await using var app = builder.Build();
        app.UseExceptionHandler();
        app.MapGet("/calls", async (TestDbContext db) => Results.Ok(await db.CallLogs.Select(c => new { c.Id, c.CallerNumber }).ToListAsync()));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.CallLogs.Add(new CallLog { CallerNumber = "+919876543210", StartedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
        }

        var client = app.GetTestClient();
        var ok = await client.GetStringAsync(new Uri("/calls", UriKind.Relative));
        Assert.Contains("+919876543210", ok, StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Flip one character of the stored ciphertext.
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"CallLogs\" SET \"CallerNumber\" = substr(\"CallerNumber\", 1, 40) || CASE substr(\"CallerNumber\", 41, 1) WHEN 'A' THEN 'B' ELSE 'A' END || substr(\"CallerNumber\", 42)");
        }

        var response = await client.GetAsync(new Uri("/calls", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("https://dataguard.dev/problems/unreadable", body, StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", body, StringComparison.Ordinal);
        Assert.DoesNotContain("CallLogs", body, StringComparison.Ordinal);
    }
}
