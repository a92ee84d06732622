// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Auditing;

/// <summary><c>app.UseDataGuardAudit()</c> on a real TestServer: one request event per audited request, nothing for the others.</summary>
public sealed class AuditMiddlewareTests : IAsyncLifetime
{
    private AuditTestApp _app = null!;

    public async Task InitializeAsync() => _app = await AuditTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MinimalApi_Success_RecordsOneEventWithPurposeSubjectsPrincipalAndTenant()
    {
        using var response = await _app.GetAsync(
            "/tenants/acme/calls/42", user: "sue", roles: "Supervisor,Agent", claims: "client_id=call-center-ui", tenant: "acme");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditActions.Request, audit.Action);
        Assert.Equal("GET /tenants/{tenant}/calls/{id}", audit.Resource);
        Assert.Equal(AuditOutcome.Success, audit.Outcome);
        Assert.Null(audit.Reason);
        Assert.Equal("billing-dispute", audit.Purpose);
        Assert.Equal(new[] { AuditSubjectHasher.Prefix + "other", AuditTestApp.SubjectOf("42") }, audit.Subjects);
        Assert.Equal(2, audit.Count);
        Assert.Equal("sue", audit.ActorId);
        Assert.Equal(new[] { "Supervisor", "Agent" }, audit.ActorRoles);
        Assert.Equal("call-center-ui", audit.ClientId);
        Assert.Equal("acme", audit.TenantId);
        Assert.False(string.IsNullOrEmpty(audit.TraceId));
        Assert.NotEqual(default, audit.Timestamp);
    }

    [Fact]
    public async Task MinimalApi_WithoutPurpose_RecordsNullPurposeAndNoSubjects()
    {
        using var response = await _app.GetAsync("/no-purpose");

        var audit = Assert.Single(_app.Audit.Events);
        Assert.Null(audit.Purpose);
        Assert.Empty(audit.Subjects);
        Assert.Equal(0, audit.Count);
        Assert.Null(audit.ActorId);
        Assert.Null(audit.TenantId);
    }

    // Guarantee: no raw personal data in any field — the resource is the route pattern, never the path or query.
    [Fact]
    public async Task PhoneNumberInPathAndQuery_AppearsInNoField()
    {
        using var response = await _app.GetAsync("/tenants/acme/calls/" + Uri.EscapeDataString(AuditTestApp.Phone) + "?caller=" + AuditTestApp.PhoneDigits);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal("GET /tenants/{tenant}/calls/{id}", audit.Resource);
        Assert.DoesNotContain(AuditTestApp.PhoneDigits, JsonSerializer.Serialize(audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointWithoutMetadata_IsNotRecordedAndHasNoScope()
    {
        using var response = await _app.GetAsync("/plain/" + AuditTestApp.PhoneDigits, user: "sue");

        Assert.Equal("no-scope", await response.Content.ReadAsStringAsync());
        Assert.Empty(_app.Audit.Events);
    }

    [Fact]
    public async Task Controller_ClassAttribute_RecordsRoutePatternPurposeAndSubjects()
    {
        using var response = await _app.GetAsync("/audit-mvc/calls/" + AuditTestApp.PhoneDigits, user: "bob", roles: "Agent");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal("GET /audit-mvc/calls/{id}", audit.Resource);
        Assert.Equal("call-review", audit.Purpose);
        Assert.Equal(AuditOutcome.Success, audit.Outcome);
        Assert.Equal("bob", audit.ActorId);
        Assert.Equal(new[] { AuditTestApp.SubjectOf(AuditTestApp.PhoneDigits) }, audit.Subjects);
        Assert.Equal(1, audit.Count);
        Assert.DoesNotContain(AuditTestApp.PhoneDigits, JsonSerializer.Serialize(audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_ActionAttribute_OverridesControllerPurpose()
    {
        using var response = await _app.GetAsync("/audit-mvc/calls/7/dispute", user: "bob");

        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal("GET /audit-mvc/calls/{id}/dispute", audit.Resource);
        Assert.Equal("billing-dispute", audit.Purpose);
    }

    [Fact]
    public async Task Controller_WithoutAttribute_IsNotRecorded()
    {
        using var response = await _app.GetAsync("/audit-mvc/plain", user: "bob");

        Assert.Equal("no-scope", await response.Content.ReadAsStringAsync());
        Assert.Empty(_app.Audit.Events);
    }

    [Fact]
    public async Task RouteGroup_PassesPurposeToEndpoints_AndEndpointPurposeWins()
    {
        using (await _app.GetAsync("/group/inherits"))
        {
            Assert.Equal("group-purpose", Assert.Single(_app.Audit.Events).Purpose);
        }

        using (await _app.GetAsync("/group/overrides"))
        {
            Assert.Equal(new[] { "group-purpose", "endpoint-purpose" }, _app.Audit.Events.Select(e => e.Purpose));
        }
    }

    // Guarantee: refusals by authorization are recorded (the middleware sits before UseAuthorization).
    [Fact]
    public async Task Unauthenticated_AgainstRequireAuthorization_IsRecordedAsDenied401()
    {
        using var response = await _app.GetAsync("/supervisors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditOutcome.Denied, audit.Outcome);
        Assert.Equal("status 401", audit.Reason);
        Assert.Equal("GET /supervisors", audit.Resource);
        Assert.Equal("support", audit.Purpose);
        Assert.Null(audit.ActorId);
    }

    [Fact]
    public async Task AuthenticatedWithoutPolicy_IsRecordedAsDenied403WithActor()
    {
        using var response = await _app.GetAsync("/supervisors", user: "bob", roles: "Agent");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditOutcome.Denied, audit.Outcome);
        Assert.Equal("status 403", audit.Reason);
        Assert.Equal("bob", audit.ActorId);
        Assert.Equal(new[] { "Agent" }, audit.ActorRoles);
    }

    [Fact]
    public async Task AuthenticatedWithPolicy_IsRecordedAsSuccess()
    {
        using var response = await _app.GetAsync("/supervisors", user: "sue", roles: "Supervisor");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditOutcome.Success, Assert.Single(_app.Audit.Events).Outcome);
    }

    [Fact]
    public async Task NotFoundResult_IsRecordedAsFailed404()
    {
        using var response = await _app.GetAsync("/missing/" + AuditTestApp.PhoneDigits, user: "sue");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditOutcome.Failed, audit.Outcome);
        Assert.Equal("status 404", audit.Reason);
        Assert.Equal("GET /missing/{id}", audit.Resource);
    }

    [Fact]
    public async Task UnmatchedPath_IsNotRecorded()
    {
        using var response = await _app.GetAsync("/nowhere/" + AuditTestApp.PhoneDigits);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_app.Audit.Events);
    }

    // Guarantee: an exception is recorded as failed (status 500, the exception type, never its message) and still propagates.
    [Fact]
    public async Task Exception_IsRecordedOnceAsFailed500_AndRethrown()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => _app.GetAsync("/throws/" + AuditTestApp.PhoneDigits, user: "sue"));

        Assert.Equal("boom", exception.Message);
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditOutcome.Failed, audit.Outcome);
        Assert.Equal(nameof(InvalidOperationException), audit.Reason);
        Assert.Equal("GET /throws/{id}", audit.Resource);
        Assert.Equal("sue", audit.ActorId);
    }

    // Guarantee: a DataGuard permission refusal thrown by the endpoint (turned into a 403 by the exception handler) is a denial.
    [Fact]
    public async Task AccessDeniedException_IsRecordedOnceAsDenied_AndRethrown()
    {
        await Assert.ThrowsAsync<DataGuardAccessDeniedException>(() => _app.GetAsync("/refused/" + AuditTestApp.PhoneDigits, user: "sue"));

        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditOutcome.Denied, audit.Outcome);
        Assert.Equal(nameof(DataGuardAccessDeniedException), audit.Reason);
    }

    // Guarantee: exactly one event per request, and each request's subjects stay in its own scope.
    [Fact]
    public async Task ConcurrentRequests_WriteExactlyOneEventEach_WithTheirOwnSubjects()
    {
        const int Requests = 200;
        var client = _app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(n => client.GetStringAsync(new Uri("/concurrent/" + n, UriKind.Relative))));

        Assert.All(responses, r => Assert.Equal("ok", r));
        var events = _app.Audit.Events.ToArray();
        Assert.Equal(Requests, events.Length);
        var subjects = events.Select(e => Assert.Single(e.Subjects)).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var expected = Enumerable.Range(0, Requests).Select(n => AuditSubjectHasher.Prefix + "n" + n).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, subjects);
    }

    // Guarantee: no raw personal data in any field — a purpose written with a phone number in it is masked by the text redactor.
    [Fact]
    public async Task PurposeHoldingPhoneNumber_IsRedacted()
    {
        await using var app = await AuditTestApp.StartAsync(
            s => s.AddDataGuard(dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN")),
            beforeAudit: a => a.MapGet("/call-back", () => "ok").AuditPersonalData("call back " + AuditTestApp.Phone));

        using var response = await app.GetAsync("/call-back");

        var audit = Assert.Single(app.Audit.Events);
        Assert.NotNull(audit.Purpose);
        Assert.StartsWith("call back ", audit.Purpose, StringComparison.Ordinal);
        Assert.DoesNotContain(AuditTestApp.PhoneDigits, JsonSerializer.Serialize(audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteAddress_IsTruncatedByDefault()
    {
        var context = await SendWithRemoteAddressAsync(_app.Server, "203.0.113.77");

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("203.0.113.0", Assert.Single(_app.Audit.Events).RemoteAddress);
    }

    [Fact]
    public async Task RemoteAddress_FollowsAuditOptions()
    {
        await using var app = await AuditTestApp.StartAsync(s => s.Configure<AuditOptions>(o => o.RemoteAddress = AuditRemoteAddressMode.Full));

        await SendWithRemoteAddressAsync(app.Server, "2001:db8:1:2::77");

        Assert.Equal("2001:db8:1:2::77", Assert.Single(app.Audit.Events).RemoteAddress);
    }

    [Fact]
    public async Task RemoteAddress_UnknownIsNull()
    {
        using var response = await _app.GetAsync("/no-purpose");

        Assert.Null(Assert.Single(_app.Audit.Events).RemoteAddress);
    }

    // TestServer.SendAsync returns once the response has started; reading the body to its end waits for the pipeline (and the audit).
    private static async Task<HttpContext> SendWithRemoteAddressAsync(TestServer server, string address)
    {
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/no-purpose";
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        using var reader = new StreamReader(context.Response.Body);
        Assert.Equal("ok", await reader.ReadToEndAsync());
        return context;
    }
}
