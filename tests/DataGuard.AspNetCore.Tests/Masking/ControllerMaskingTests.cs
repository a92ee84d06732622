// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;
using static DataGuard.AspNetCore.Tests.Masking.MinimalApiMaskingTests;

namespace DataGuard.AspNetCore.Tests.Masking;

/// <summary>Controllers opted in with <c>[MaskPersonalData]</c>, serialised through MVC's JsonOptions.</summary>
public sealed class ControllerMaskingTests : IAsyncLifetime
{
    private MaskingTestApp _app = null!;

    public async Task InitializeAsync() => _app = await MaskingTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task WithoutPermission_IsMasked()
    {
        AssertMasked(Json.Parse(await _app.GetAsync("/mvc/masked/contact", user: "bob", roles: "Agent")));

        Assert.Empty(_app.Audit.Events);
    }

    [Fact]
    public async Task PermissionWithoutPurpose_IsMasked()
    {
        AssertMasked(Json.Parse(await _app.GetAsync("/mvc/masked/contact", user: "sue", roles: "Supervisor")));

        Assert.Empty(_app.Audit.Events);
    }

    [Fact]
    public async Task PermissionAndPurpose_IsRawAndAuditedOnce()
    {
        AssertRaw(Json.Parse(await _app.GetAsync("/mvc/masked/contact", user: "sue", roles: "Supervisor", purpose: "support")));

        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditOutcome.Success, audit.Outcome);
        Assert.Equal(AuditActions.Unmask, audit.Action);
        Assert.Equal("GET /mvc/masked/contact", audit.Resource);
        Assert.Equal("support", audit.Purpose);
        Assert.Equal(4, audit.Count);
    }

    [Fact]
    public async Task NestedListsAndActionResult_AreMasked()
    {
        var customer = Json.Parse(await _app.GetAsync("/mvc/masked/customer"));

        AssertMasked(customer.GetProperty("primary"));
        Assert.All(customer.GetProperty("others").EnumerateArray(), AssertMasked);
    }

    [Fact]
    public async Task Record_IsMasked()
    {
        var record = Json.Parse(await _app.GetAsync("/mvc/masked/record"));

        Assert.Equal("+91 98\u2022\u2022\u2022 \u2022\u2022210", record.Str("caller"));
        Assert.Equal("a\u2022\u2022\u2022@example.com", record.Str("email"));
    }

    [Fact]
    public async Task PurposeAttribute_UnmasksForPermissionHolders()
    {
        Assert.Equal(Values.Phone, Json.Parse(await _app.GetAsync("/mvc/masked/purpose", user: "sue", roles: "Supervisor")).Str("callerNumber"));
        Assert.Equal("billing-dispute", Assert.Single(_app.Audit.Events).Purpose);
    }

    [Fact]
    public async Task ControllerWithoutAttribute_IsRaw_WhenScopeIsEndpoint()
    {
        AssertRaw(Json.Parse(await _app.GetAsync("/mvc/raw/contact")));
    }

    [Fact]
    public async Task AlternatingUsers_EachGetTheirOwnDecision()
    {
        for (var i = 0; i < 3; i++)
        {
            AssertRaw(Json.Parse(await _app.GetAsync("/mvc/masked/contact", user: "sue", roles: "Supervisor", purpose: "support")));
            AssertMasked(Json.Parse(await _app.GetAsync("/mvc/masked/contact", user: "bob", purpose: "support")));
        }

        Assert.Equal(3, _app.Audit.Events.Count(e => e.Outcome == AuditOutcome.Success));
        Assert.Equal(3, _app.Audit.Events.Count(e => e.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task ProblemDetails_AreNotMasked()
    {
        using var response = await _app.SendAsync("/fail/denied");

        Assert.Equal(JsonValueKind.Object, Json.Parse(await response.Content.ReadAsStringAsync()).ValueKind);
    }
}
