// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Net.Http;
using System.Threading.Tasks;
using DataGuard.AspNetCore.Tests.Masking;
using DataGuard.Auditing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DataGuard.AspNetCore.Tests.Auditing;

/// <summary>
/// A real TestServer app: header-driven test authentication, a "Supervisors" policy, minimal API endpoints and controllers opted in to the
/// request audit, and a recording audit sink in place of the log sink.
/// </summary>
public sealed class AuditTestApp : IAsyncDisposable
{
    /// <summary>A phone number planted in request paths; no audit field may contain its digits.</summary>
    public const string Phone = "+919876543210";

    public const string PhoneDigits = "9876543210";

    private WebApplication _app = null!;

    private AuditTestApp()
    {
    }

    public RecordingAuditSink Audit { get; } = new();

    public TestServer Server => _app.GetTestServer();

    /// <summary>A stand-in for the subject hash EF Core would add (format of <see cref="AuditSubjectHasher"/>, not the real HMAC).</summary>
    public static string SubjectOf(string id) => AuditSubjectHasher.Prefix + "test-" + id.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<AuditTestApp> StartAsync(
        Action<IServiceCollection>? services = null, Action<WebApplication>? beforeAudit = null, bool useAudit = true)
    {
        var test = new AuditTestApp();
        test._app = Build(test.Audit, services);
        var app = test._app;

        beforeAudit?.Invoke(app);
        app.UseAuthentication();
        if (useAudit)
        {
            app.UseDataGuardAudit();
        }

        app.UseAuthorization();
        MapEndpoints(app);
        await app.StartAsync();
        return test;
    }

    public static WebApplication Build(RecordingAuditSink audit, Action<IServiceCollection>? services = null, bool addAspNetCoreAudit = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(o => o.AddPolicy("Supervisors", p => p.RequireRole("Supervisor")));
        builder.Services.AddControllers().AddApplicationPart(typeof(AuditTestApp).Assembly);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<IDataGuardTenantContext, HeaderTenantContext>();
        builder.Services.AddDataGuard(dg =>
        {
            if (addAspNetCoreAudit)
            {
                dg.AddAspNetCoreAudit();
            }
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuditSink>(audit));
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    public static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/tenants/{tenant}/calls/{id}", (string id) =>
        {
            AuditContext.Current!.AddSubjects([SubjectOf(id), AuditSubjectHasher.Prefix + "other"]);
            return "call";
        }).AuditPersonalData("billing-dispute");
        app.MapGet("/no-purpose", () => "ok").AuditPersonalData();
        app.MapGet("/plain/{id}", (string id) => AuditContext.Current is null ? "no-scope" : "scope");
        app.MapGet("/supervisors", () => "secret").RequireAuthorization("Supervisors").AuditPersonalData("support");
        app.MapGet("/missing/{id}", (string id) => Results.NotFound()).AuditPersonalData();
        app.MapGet("/throws/{id}", string (string id) => throw new InvalidOperationException("boom")).AuditPersonalData();
        app.MapGet("/refused/{id}", string (string id) => throw new DataGuardAccessDeniedException(DataGuardPermissions.Detokenize, "refused")).AuditPersonalData();
        app.MapGet("/concurrent/{n:int}", async (int n) =>
        {
            await Task.Yield();
            AuditContext.Current!.AddSubjects([AuditSubjectHasher.Prefix + "n" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await Task.Yield();
            return "ok";
        }).AuditPersonalData();

        var group = app.MapGroup("/group").AuditPersonalData("group-purpose");
        group.MapGet("/inherits", () => "ok");
        group.MapGet("/overrides", () => "ok").AuditPersonalData("endpoint-purpose");

        app.MapControllers();
    }

    public HttpClient CreateClient() => _app.GetTestClient();

    public async Task<HttpResponseMessage> GetAsync(string path, string? user = null, string? roles = null, string? claims = null, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        Add(request, "X-Test-User", user);
        Add(request, "X-Test-Roles", roles);
        Add(request, "X-Test-Claims", claims);
        Add(request, "X-Test-Tenant", tenant);
        var response = await CreateClient().SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static void Add(HttpRequestMessage request, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.Add(name, value);
        }
    }
}
