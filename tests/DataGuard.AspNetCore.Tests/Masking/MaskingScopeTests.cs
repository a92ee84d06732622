// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading.Tasks;
using DataGuard.AspNetCore.Masking;
using Xunit;
using static DataGuard.AspNetCore.Tests.Masking.MinimalApiMaskingTests;

namespace DataGuard.AspNetCore.Tests.Masking;

/// <summary>Global scope masks every response; purposes can be restricted to a list; the purpose header can be renamed.</summary>
public sealed class MaskingScopeTests
{
    [Fact]
    public async Task GlobalScope_MasksEndpointsWithoutOptIn_EvenForPermissionHolders_WithoutTheMiddleware()
    {
        await using var app = await MaskingTestApp.StartAsync(o => o.Scope = MaskingScope.Global);

        AssertMasked(Json.Parse(await app.GetAsync("/raw/contact")));
        AssertMasked(Json.Parse(await app.GetAsync("/raw/contact", user: "sue", roles: "Supervisor", purpose: "support")));
        Assert.Empty(app.Audit.Events);
    }

    [Fact]
    public async Task GlobalScope_WithTheMiddleware_UnmasksEveryEndpointForPermissionHolders()
    {
        await using var app = await MaskingTestApp.StartAsync(o => o.Scope = MaskingScope.Global, useMiddleware: true);

        AssertMasked(Json.Parse(await app.GetAsync("/raw/contact", user: "bob")));
        AssertRaw(Json.Parse(await app.GetAsync("/raw/contact", user: "sue", roles: "Supervisor", purpose: "support")));
        AssertRaw(Json.Parse(await app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "support")));
        Assert.Equal(2, app.Audit.Events.Count);
    }

    [Fact]
    public async Task GlobalScope_ControllersWithoutAttribute_AreMaskedAndCanBeUnmasked()
    {
        await using var app = await MaskingTestApp.StartAsync(o => o.Scope = MaskingScope.Global);

        AssertMasked(Json.Parse(await app.GetAsync("/mvc/raw/contact", user: "bob")));
        AssertRaw(Json.Parse(await app.GetAsync("/mvc/raw/contact", user: "sue", roles: "Supervisor", purpose: "support")));
        Assert.Equal("GET /mvc/raw/contact", Assert.Single(app.Audit.Events).Resource);
    }

    [Fact]
    public async Task RequirePurposeOff_PermissionAloneUnmasks()
    {
        await using var app = await MaskingTestApp.StartAsync(o => o.RequirePurpose = false);

        AssertRaw(Json.Parse(await app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor")));
        AssertMasked(Json.Parse(await app.GetAsync("/masked/contact", user: "bob")));
        var audit = Assert.Single(app.Audit.Events);
        Assert.Null(audit.Purpose);
    }

    [Fact]
    public async Task AllowedPurposes_UnknownPurposeStaysMaskedAndIsAuditedAsDenied()
    {
        await using var app = await MaskingTestApp.StartAsync(o => o.AllowedPurposes.Add("billing-dispute"));

        AssertMasked(Json.Parse(await app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "curiosity")));
        AssertRaw(Json.Parse(await app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "Billing-Dispute")));

        Assert.Collection(
            app.Audit.Events,
            denied =>
            {
                Assert.Equal(AuditOutcome.Denied, denied.Outcome);
                Assert.Equal("purpose not allowed", denied.Reason);
                Assert.Equal("curiosity", denied.Purpose);
            },
            success => Assert.Equal(AuditOutcome.Success, success.Outcome));
    }

    [Fact]
    public async Task AllowedPurposes_ApplyToEndpointMetadataToo()
    {
        await using var app = await MaskingTestApp.StartAsync(o => o.AllowedPurposes.Add("support"));

        Assert.NotEqual(Values.Phone, Json.Parse(await app.GetAsync("/masked/purpose", user: "sue", roles: "Supervisor")).Str("callerNumber"));
        Assert.Equal("purpose not allowed", Assert.Single(app.Audit.Events).Reason);
    }

    [Fact]
    public async Task AuditDeniedAttemptsOff_WritesNoDeniedEvent()
    {
        await using var app = await MaskingTestApp.StartAsync(o => o.AuditDeniedAttempts = false);

        AssertMasked(Json.Parse(await app.GetAsync("/masked/contact", user: "bob", purpose: "curiosity")));
        Assert.Empty(app.Audit.Events);
    }

    [Fact]
    public async Task RenamedPurposeHeader_IsTheOnlyOneRead()
    {
        await using var app = await MaskingTestApp.StartAsync(o => o.PurposeHeaderName = "X-Why");

        AssertMasked(Json.Parse(await app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "support")));
        AssertRaw(Json.Parse(await app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purposeHeader: "X-Why", purpose: "support")));
    }
}
