// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Masking;

/// <summary>Minimal API endpoints opted in with <c>.MaskPersonalData()</c>: what each kind of user sees.</summary>
public sealed class MinimalApiMaskingTests : IAsyncLifetime
{
    private const string MaskedPhone = "+91 98\u2022\u2022\u2022 \u2022\u2022210";
    private MaskingTestApp _app = null!;

    private string MaskedOtherPhone => _app.Services.GetRequiredService<IPhoneNumberMasker>().Mask(Values.OtherPhone)!;

    public async Task InitializeAsync() => _app = await MaskingTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Anonymous_SeesEveryRuleMasked()
    {
        var contact = Json.Parse(await _app.GetAsync("/masked/contact"));

        AssertMasked(contact);
        Assert.Empty(_app.Audit.Events);
    }

    [Fact]
    public async Task UserWithoutPermission_SeesMasked()
    {
        var contact = Json.Parse(await _app.GetAsync("/masked/contact", user: "bob", roles: "Agent"));

        AssertMasked(contact);
        Assert.Empty(_app.Audit.Events);
    }

    [Fact]
    public async Task PermissionWithoutPurpose_SeesMaskedAndIsNotAudited()
    {
        var contact = Json.Parse(await _app.GetAsync("/masked/contact", user: "carol", permissions: DataGuardPermissions.ViewPersonalData));

        AssertMasked(contact);
        Assert.Empty(_app.Audit.Events);
    }

    [Fact]
    public async Task PermissionClaimAndPurpose_SeesRawAndIsAuditedOnce()
    {
        var contact = Json.Parse(await _app.GetAsync("/masked/contact", user: "carol", roles: "Agent", permissions: DataGuardPermissions.ViewPersonalData, purpose: "billing-dispute"));

        AssertRaw(contact);
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditActions.Unmask, audit.Action);
        Assert.Equal(AuditOutcome.Success, audit.Outcome);
        Assert.Equal("carol", audit.ActorId);
        Assert.Equal(["Agent"], audit.ActorRoles);
        Assert.Equal("GET /masked/contact", audit.Resource);
        Assert.Equal("billing-dispute", audit.Purpose);
        Assert.Equal(4, audit.Count); // Phone, Email, Card, Note; AlternatePhone is null
        Assert.False(string.IsNullOrEmpty(audit.TraceId));
        Assert.NotEqual(default, audit.Timestamp);
    }

    [Fact]
    public async Task PurposeHoldingAPhoneNumber_IsAuditedMasked()
    {
        await _app.GetAsync("/masked/contact", user: "carol", permissions: DataGuardPermissions.ViewPersonalData, purpose: "callback to 98765 43210");
        await _app.GetAsync("/masked/contact", user: "bob", roles: "Agent", purpose: "callback to 98765 43210");

        Assert.Equal(2, _app.Audit.Events.Count);
        Assert.All(_app.Audit.Events, e => Assert.Equal("callback to +91 98\u2022\u2022\u2022 \u2022\u2022210", e.Purpose));
    }

    [Fact]
    public async Task MappedRoleAndPurpose_SeesRaw()
    {
        var contact = Json.Parse(await _app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "fraud-review"));

        AssertRaw(contact);
        Assert.Equal(["Supervisor"], Assert.Single(_app.Audit.Events).ActorRoles);
    }

    [Fact]
    public async Task EndpointPurposeMetadata_UnmasksWithoutHeader()
    {
        var call = Json.Parse(await _app.GetAsync("/masked/purpose", user: "sue", roles: "Supervisor"));

        Assert.Equal(Values.Phone, call.Str("callerNumber"));
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal("billing-dispute", audit.Purpose);
        Assert.Equal(2, audit.Count);
    }

    [Fact]
    public async Task EndpointPurposeMetadata_DoesNotUnmaskWithoutPermission()
    {
        var call = Json.Parse(await _app.GetAsync("/masked/purpose", user: "bob"));

        Assert.Equal(MaskedPhone, call.Str("callerNumber"));
        var denied = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditOutcome.Denied, denied.Outcome);
    }

    [Fact]
    public async Task PurposeWithoutPermission_StaysMaskedAndIsAuditedAsDenied()
    {
        var contact = Json.Parse(await _app.GetAsync("/masked/contact", user: "bob", roles: "Agent", purpose: "curiosity"));

        AssertMasked(contact);
        var denied = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditOutcome.Denied, denied.Outcome);
        Assert.Equal("bob", denied.ActorId);
        Assert.Equal("curiosity", denied.Purpose);
        Assert.Equal("missing permission " + DataGuardPermissions.ViewPersonalData, denied.Reason);
    }

    [Fact]
    public async Task AnonymousPurpose_StaysMaskedAndIsNotAudited()
    {
        AssertMasked(Json.Parse(await _app.GetAsync("/masked/contact", purpose: "billing-dispute")));

        Assert.Empty(_app.Audit.Events);
    }

    [Fact]
    public async Task BlankPurpose_StaysMaskedAndIsAuditedAsInvalid()
    {
        AssertMasked(Json.Parse(await _app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "   ")));

        var denied = Assert.Single(_app.Audit.Events);
        Assert.Equal(AuditOutcome.Denied, denied.Outcome);
        Assert.Equal("invalid purpose", denied.Reason);
        Assert.Null(denied.Purpose);
    }

    [Fact]
    public async Task TooLongPurpose_StaysMaskedAndIsNeverWrittenToTheAudit()
    {
        var purpose = new string('x', 101);

        AssertMasked(Json.Parse(await _app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: purpose)));

        var denied = Assert.Single(_app.Audit.Events);
        Assert.Equal("invalid purpose", denied.Reason);
        Assert.Null(denied.Purpose);
    }

    [Fact]
    public async Task Entity_IsMasked()
    {
        var call = Json.Parse(await _app.GetAsync("/masked/entity"));

        Assert.Equal(7, call.GetProperty("id").GetInt64());
        Assert.Equal(MaskedPhone, call.Str("callerNumber"));
        Assert.Equal(MaskedOtherPhone, call.Str("dialledNumber"));
    }

    [Fact]
    public async Task NestedObjectsAndLists_AreMasked()
    {
        var customer = Json.Parse(await _app.GetAsync("/masked/customer"));

        AssertMasked(customer.GetProperty("primary"));
        Assert.All(customer.GetProperty("others").EnumerateArray(), AssertMasked);
        Assert.Equal(MaskedPhone, customer.GetProperty("calls")[0].Str("callerNumber"));
    }

    [Fact]
    public async Task NestedObjectsAndLists_AreRawWhenAllowed_AndCounted()
    {
        var customer = Json.Parse(await _app.GetAsync("/masked/customer", user: "sue", roles: "Supervisor", purpose: "support"));

        AssertRaw(customer.GetProperty("primary"));
        Assert.Equal(Values.OtherPhone, customer.GetProperty("others")[1].Str("phone"));
        Assert.Equal(Values.Phone, customer.GetProperty("calls")[0].Str("callerNumber"));
        Assert.Equal((3 * 4) + 2, Assert.Single(_app.Audit.Events).Count);
    }

    [Fact]
    public async Task RecordWithConstructorParameters_IsMaskedAndKeepsNull()
    {
        var record = Json.Parse(await _app.GetAsync("/masked/record"));

        Assert.Equal(MaskedPhone, record.Str("caller"));
        Assert.Equal(JsonValueKind.Null, record.GetProperty("email").ValueKind);
    }

    [Theory]
    [InlineData("/masked/derived")]
    [InlineData("/masked/base-typed")]
    public async Task InheritedAndOverriddenProperties_AreMasked(string path)
    {
        var party = Json.Parse(await _app.GetAsync(path));

        Assert.Equal(MaskedOtherPhone, party.Str("phone"));
        Assert.Equal("\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20221111", party.Str("account"));
    }

    [Fact]
    public async Task MarkedNonStringProperty_IsLeftOutWhenMasked()
    {
        var masked = Json.Parse(await _app.GetAsync("/masked/pin"));
        var raw = Json.Parse(await _app.GetAsync("/masked/pin", user: "sue", roles: "Supervisor", purpose: "support"));

        Assert.False(masked.TryGetProperty("pin", out _));
        Assert.Equal("desk", masked.Str("name"));
        Assert.Equal(4321, raw.GetProperty("pin").GetInt32());
    }

    [Fact]
    public async Task AnonymousType_IsNotMasked_DocumentedGap()
    {
        var body = Json.Parse(await _app.GetAsync("/masked/anonymous"));

        Assert.Equal(Values.Phone, body.Str("phone"));
    }

    [Fact]
    public async Task EndpointWithoutOptIn_IsRaw_WhenScopeIsEndpoint()
    {
        AssertRaw(Json.Parse(await _app.GetAsync("/raw/contact")));

        Assert.Empty(_app.Audit.Events);
    }

    [Fact]
    public async Task GroupOptIn_MasksItsEndpoints()
    {
        AssertMasked(Json.Parse(await _app.GetAsync("/group/contact")));
        AssertRaw(Json.Parse(await _app.GetAsync("/group/contact", user: "sue", roles: "Supervisor", purpose: "support")));
        Assert.Equal("GET /group/contact", Assert.Single(_app.Audit.Events).Resource);
    }

    [Fact]
    public async Task AuditResource_IsTheRoutePattern_NeverThePath()
    {
        var call = Json.Parse(await _app.GetAsync("/masked/%2B919999999999", user: "sue", roles: "Supervisor", purpose: "support"));

        Assert.Equal("+919999999999", call.Str("callerNumber"));
        var audit = Assert.Single(_app.Audit.Events);
        Assert.Equal("GET /masked/{phone}", audit.Resource);
    }

    [Fact]
    public async Task AlternatingUsers_OnTheSameSerializerOptions_EachGetTheirOwnDecision()
    {
        for (var i = 0; i < 3; i++)
        {
            AssertMasked(Json.Parse(await _app.GetAsync("/masked/contact", user: "bob", roles: "Agent", permissions: null, purpose: null)));
            AssertRaw(Json.Parse(await _app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "support")));
            AssertMasked(Json.Parse(await _app.GetAsync("/masked/contact")));
        }

        Assert.Equal(3, _app.Audit.Events.Count);
        Assert.All(_app.Audit.Events, e => Assert.Equal("sue", e.ActorId));
    }

    [Fact]
    public async Task ConcurrentRequests_EachGetTheirOwnDecision()
    {
        var tasks = Enumerable.Range(0, 20)
            .Select(i => (Allowed: i % 2 == 0, Body: i % 2 == 0
                ? _app.GetAsync("/masked/customer", user: "sue", roles: "Supervisor", purpose: "support")
                : _app.GetAsync("/masked/customer", user: "bob")))
            .ToArray();
        await Task.WhenAll(tasks.Select(t => t.Body));

        foreach (var (allowed, body) in tasks)
        {
            var primary = Json.Parse(await body).GetProperty("primary");
            if (allowed)
            {
                AssertRaw(primary);
            }
            else
            {
                AssertMasked(primary);
            }
        }

        Assert.Equal(10, _app.Audit.Events.Count);
        Assert.All(_app.Audit.Events, e => Assert.Equal(14, e.Count));
    }

    internal static void AssertMasked(JsonElement contact)
    {
        Assert.Equal("Alice", contact.Str("name"));
        var phone = contact.Str("phone")!;
        Assert.Contains("\u2022", phone, System.StringComparison.Ordinal);
        Assert.DoesNotContain("98765", phone, System.StringComparison.Ordinal);
        Assert.DoesNotContain("5550", phone, System.StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, contact.GetProperty("alternatePhone").ValueKind);
        Assert.Equal("a\u2022\u2022\u2022@example.com", contact.Str("email"));
        Assert.Equal("\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20221111", contact.Str("card"));
        Assert.Equal("\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022", contact.Str("note"));
    }

    internal static void AssertRaw(JsonElement contact)
    {
        Assert.Equal("Alice", contact.Str("name"));
        Assert.Equal(Values.Phone, contact.Str("phone"));
        Assert.Equal(Values.Email, contact.Str("email"));
        Assert.Equal(Values.Card, contact.Str("card"));
        Assert.Equal(Values.Note, contact.Str("note"));
    }
}
