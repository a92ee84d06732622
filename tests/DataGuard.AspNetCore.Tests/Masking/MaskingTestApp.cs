// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.AspNetCore.Masking;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DataGuard.AspNetCore.Tests.Masking;

/// <summary>A real TestServer app with minimal API endpoints and controllers, a header-driven test authentication and a recording audit sink.</summary>
public sealed class MaskingTestApp : IAsyncDisposable
{
    private readonly SemaphoreSlim _completed = new(0);
    private WebApplication _app = null!;

    private MaskingTestApp()
    {
    }

    public RecordingAuditSink Audit { get; } = new();

    public IServiceProvider Services => _app.Services;

    public static async Task<MaskingTestApp> StartAsync(
        Action<PersonalDataMaskingOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool useMiddleware = false)
    {
        var test = new MaskingTestApp();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
        builder.Services.AddControllers().AddApplicationPart(typeof(MaskingTestApp).Assembly);
        builder.Services.AddDataGuard(dg => dg
            .AddPhoneNumbers(p => p.DefaultRegion = "IN")
            .ConfigurePermissions(p => p.Grant(DataGuardPermissions.ViewPersonalData, "Supervisor"))
            .AddJsonMasking(configure)
            .AddProblemDetailsMapping());
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuditSink>(test.Audit));
        services?.Invoke(builder.Services);

        var app = builder.Build();
        test._app = app;

        // Registered first, so it runs last among OnCompleted callbacks (they run in reverse order): after the audit of the request.
        app.Use(async (context, next) =>
        {
            context.Response.OnCompleted(() =>
            {
                test._completed.Release();
                return Task.CompletedTask;
            });
            await next(context);
        });
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        if (useMiddleware)
        {
            app.UsePersonalDataMasking();
        }

        app.MapGet("/masked/contact", () => new ContactDto()).MaskPersonalData();
        app.MapGet("/masked/entity", () => new CallLogEntity()).MaskPersonalData();
        app.MapGet("/masked/customer", () => Results.Ok(new CustomerDto())).MaskPersonalData();
        app.MapGet("/masked/record", () => new CallRecord(1, Values.Phone, null)).MaskPersonalData();
        app.MapGet("/masked/derived", () => new DerivedParty()).MaskPersonalData();
        app.MapGet("/masked/base-typed", () => (PartyBase)new DerivedParty()).MaskPersonalData();
        app.MapGet("/masked/pin", () => new PinDto()).MaskPersonalData();
        app.MapGet("/masked/anonymous", () => new { Phone = Values.Phone }).MaskPersonalData();
        app.MapGet("/masked/purpose", () => new CallLogEntity()).MaskPersonalData().WithPersonalDataPurpose("billing-dispute");
        app.MapGet("/masked/{phone}", (string phone) => new CallLogEntity { CallerNumber = phone }).MaskPersonalData();
        app.MapGet("/raw/contact", () => new ContactDto());
        var group = app.MapGroup("/group").MaskPersonalData();
        group.MapGet("/contact", () => new ContactDto());
        app.MapGet("/fail/denied", string () => throw new DataGuardAccessDeniedException(DataGuardPermissions.ExportPersonalData, "The current principal lacks 'dataguard:export-personal-data'."));
        app.MapGet("/fail/invalid", string () => throw new DataGuardValidationException("Contact.Phone: '+91 98••• ••' is too short.", "Contact.Phone", PhoneNumberError.TooShort));
        app.MapControllers();
        await app.StartAsync();
        return test;
    }

    /// <summary>Sends a GET and returns the body once the request has completed on the server (its audit is written).</summary>
    public async Task<string> GetAsync(string path, string? user = null, string? roles = null, string? permissions = null, string? purpose = null, string? claims = null, string? purposeHeader = null)
    {
        using var response = await SendAsync(path, user, roles, permissions, purpose, claims, purposeHeader);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<HttpResponseMessage> SendAsync(string path, string? user = null, string? roles = null, string? permissions = null, string? purpose = null, string? claims = null, string? purposeHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        Add(request, "X-Test-User", user);
        Add(request, "X-Test-Roles", roles);
        Add(request, "X-Test-Permissions", permissions);
        Add(request, "X-Test-Claims", claims);
        Add(request, purposeHeader ?? PersonalDataMaskingOptions.DefaultPurposeHeaderName, purpose);
        var response = await _app.GetTestClient().SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        Assert(await _completed.WaitAsync(TimeSpan.FromSeconds(30)), "The request did not complete.");
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _completed.Dispose();
    }

    private static void Add(HttpRequestMessage request, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.Add(name, value);
        }
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
