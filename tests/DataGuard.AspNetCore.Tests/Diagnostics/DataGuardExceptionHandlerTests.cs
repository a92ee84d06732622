// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Diagnostics;

public sealed class DataGuardExceptionHandlerTests
{
    private const string Secret = "+919876543210";

    [Fact]
    public async Task Handle_DestroyedKey_Answers410ProblemWithoutDetails()
    {
        await using var app = await StartAsync(() => throw new DataGuardKeyDestroyedException($"Cannot decrypt column 'Phone' of table 'Contacts': key {KeyId.New()} was destroyed.", "Contacts.Phone", KeyId.New()));

        var response = await app.GetTestClient().GetAsync(new Uri("/fail", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response);
        Assert.Equal("https://dataguard.dev/problems/erased", problem.GetProperty("type").GetString());
        Assert.Equal(410, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("Contacts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_CryptographicFailureWrappedByEfCore_Answers500UnreadableWithoutColumnOrValue()
    {
        var inner = new DataGuardCryptographicException("Cannot decrypt a value of column 'CallerNumber' of table 'CallLogs': authentication failed.", CryptographicFailureReason.AuthenticationFailed, "CallLogs.CallerNumber", KeyId.New());
        await using var app = await StartAsync(() => throw new InvalidOperationException($"An exception occurred while reading a database value for property 'CallLog.CallerNumber' ({Secret}).", inner));

        var response = await app.GetTestClient().GetAsync(new Uri("/fail", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("https://dataguard.dev/problems/unreadable", (await ReadAsync(response)).GetProperty("type").GetString());
        Assert.DoesNotContain("CallerNumber", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_RefusedQuery_Answers500RefusedQuery()
    {
        await using var app = await StartAsync(() => throw new DataGuardQueryException("DataGuard refused the query: CallLog.CallerNumber is encrypted."));

        var response = await app.GetTestClient().GetAsync(new Uri("/fail", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("https://dataguard.dev/problems/refused-query", (await ReadAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Handle_OtherException_IsLeftToTheApplication()
    {
        await using var app = await StartAsync(() => throw new InvalidOperationException("not ours"));

        var response = await app.GetTestClient().GetAsync(new Uri("/fail", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("dataguard.dev", body, StringComparison.Ordinal);
    }

    [Fact]
    public void AddProblemDetailsMapping_NullBuilder_Throws()
        => Assert.Throws<ArgumentNullException>(() => AspNetCoreDataGuardBuilderExtensions.AddProblemDetailsMapping(null!));

    [Fact]
    public void AddProblemDetailsMapping_CalledTwice_RegistersOneHandler()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddProblemDetailsMapping().AddProblemDetailsMapping());

        Assert.Single(services, d => d.ServiceType == typeof(Microsoft.AspNetCore.Diagnostics.IExceptionHandler));
    }

    private static async Task<WebApplication> StartAsync(Func<string> endpoint)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddDataGuard(dg => dg.AddProblemDetailsMapping());
        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapGet("/fail", () => Results.Text(endpoint()));
        await app.StartAsync();
        return app;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
