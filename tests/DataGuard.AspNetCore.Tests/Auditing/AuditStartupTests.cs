// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.AspNetCore.Auditing;
using DataGuard.AspNetCore.Tests.Masking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Auditing;

/// <summary>Misconfiguration fails at start-up with a message naming the missing call, never on first use.</summary>
public sealed class AuditStartupTests
{
    [Fact]
    public async Task MinimalApiMetadata_WithoutMiddleware_FailsStartupNamingUseDataGuardAudit()
    {
        await using var app = AuditTestApp.Build(new RecordingAuditSink());
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/tenants/{tenant}/calls/{id}", (string id) => "call").AuditPersonalData("billing-dispute");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("app.UseDataGuardAudit()", exception.Message, StringComparison.Ordinal);
        Assert.Contains("GET /tenants/{tenant}/calls/{id}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("before app.UseAuthorization()", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControllerAttribute_WithoutMiddleware_FailsStartup()
    {
        await using var app = AuditTestApp.Build(new RecordingAuditSink());
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("app.UseDataGuardAudit()", exception.Message, StringComparison.Ordinal);
        Assert.Contains("/audit-mvc/calls/{id}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinimalApiMetadata_WithoutAnyAuditSetUp_RefusesToBuildTheEndpoint_NamingTheCalls()
    {
        // Guarantee: metadata never silently audits nothing, even when neither AddAspNetCoreAudit() nor UseDataGuardAudit() was called.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddDataGuard();
        await using var app = builder.Build();
        app.MapGet("/calls/{id}", (string id) => "call").AuditPersonalData("billing-dispute");
        await app.StartAsync();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => app.GetTestClient().GetStringAsync(new Uri("/calls/1", UriKind.Relative)));

        Assert.Contains("AddAspNetCoreAudit()", exception.Message, StringComparison.Ordinal);
        Assert.Contains("app.UseDataGuardAudit()", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAuditMetadata_WithoutMiddleware_Starts()
    {
        await using var app = AuditTestApp.Build(new RecordingAuditSink());
        app.MapGet("/plain", () => "ok");

        await app.StartAsync();

        Assert.Equal("ok", await app.GetTestClient().GetStringAsync(new Uri("/plain", UriKind.Relative)));
    }

    // Start-up (generic host with a Configure delegate, explicit routing): UseDataGuardAudit called inside Configure satisfies the check.
    [Fact]
    public async Task GenericHost_ConfigureWithMiddleware_Starts()
    {
        var audit = new RecordingAuditSink();
        using var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services => services
                    .AddRouting()
                    .AddDataGuard(dg => dg.AddAspNetCoreAudit())
                    .AddSingleton<IAuditSink>(audit))
                .Configure(app => app
                    .UseRouting()
                    .UseDataGuardAudit()
                    .UseEndpoints(e => e.MapGet("/x/{id}", (string id) => "ok").AuditPersonalData())))
            .Build();

        await host.StartAsync();
        await host.GetTestClient().GetStringAsync(new Uri("/x/1", UriKind.Relative));

        Assert.Equal("GET /x/{id}", Assert.Single(audit.Events).Resource);
        await host.StopAsync();
    }

    [Fact]
    public async Task GenericHost_ConfigureWithoutMiddleware_FailsStartup()
    {
        using var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services => services.AddRouting().AddDataGuard(dg => dg.AddAspNetCoreAudit()))
                .Configure(app => app
                    .UseRouting()
                    .UseEndpoints(e => e.MapGet("/x/{id}", (string id) => "ok").AuditPersonalData())))
            .Build();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("app.UseDataGuardAudit()", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseDataGuardAudit_WithoutAddAspNetCoreAudit_ThrowsNamingTheCall()
    {
        await using var app = AuditTestApp.Build(new RecordingAuditSink(), addAspNetCoreAudit: false);

        var exception = Assert.Throws<InvalidOperationException>(() => app.UseDataGuardAudit());

        Assert.Equal("UseDataGuardAudit() requires services.AddDataGuard(dg => dg.AddAspNetCoreAudit()).", exception.Message);
    }

    [Fact]
    public async Task UseDataGuardAudit_WithoutAddDataGuard_ThrowsNamingTheCall()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.UseDataGuardAudit());

        Assert.Contains("AddDataGuard(dg => dg.AddAspNetCoreAudit())", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseDataGuardAudit_NullApp_Throws()
        => Assert.Throws<ArgumentNullException>("app", () => AuditApplicationBuilderExtensions.UseDataGuardAudit(null!));

    [Fact]
    public void AddAspNetCoreAudit_Twice_RegistersOnce()
    {
        var services = new ServiceCollection();

        services.AddDataGuard(dg => dg.AddAspNetCoreAudit().AddAspNetCoreAudit());

        Assert.Single(services, d => d.ServiceType == typeof(IStartupFilter) && d.ImplementationType == typeof(AuditStartupFilter));
        Assert.Single(services, d => d.ServiceType == typeof(AuditMiddlewareMarker));
    }

    [Fact]
    public void AddAspNetCoreAudit_NullBuilder_Throws()
        => Assert.Throws<ArgumentNullException>("builder", () => AspNetCoreAuditDataGuardBuilderExtensions.AddAspNetCoreAudit(null!));

    [Fact]
    public void AuditPersonalData_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("builder", () => AuditEndpointConventionBuilderExtensions.AuditPersonalData<IEndpointConventionBuilder>(null!));
        Assert.Throws<ArgumentException>("purpose", () => new AuditPersonalDataAttribute(" "));
        Assert.Throws<ArgumentNullException>("purpose", () => new AuditPersonalDataAttribute(null!));
    }

    [Fact]
    public async Task AuditPersonalData_EmptyPurpose_Throws()
    {
        await using var app = AuditTestApp.Build(new RecordingAuditSink());

        Assert.Throws<ArgumentException>("purpose", () => app.MapGet("/x", () => "ok").AuditPersonalData(string.Empty));
    }

    [Fact]
    public async Task AuditPersonalData_AddsOneMetadataType()
    {
        await using var app = AuditTestApp.Build(new RecordingAuditSink());
        app.MapGet("/x", () => "ok").AuditPersonalData("why");

        var endpoint = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).Single();

        Assert.Equal("why", endpoint.Metadata.GetMetadata<AuditPersonalDataAttribute>()?.Purpose);
    }
}
