// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Security.Claims;
using DataGuard.Auditing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>The client (application) id of an audit event comes from the <c>client_id</c>, <c>azp</c> or <c>appid</c> claim.</summary>
public sealed class AuditEventFactoryTests
{
    [Theory]
    [InlineData("client_id")]
    [InlineData("azp")]
    [InlineData("appid")]
    public void Complete_TakesTheClientIdFromTheClaim(string claimType)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "agent-7"), new Claim(claimType, "call-center-app")], "test"));

        var completed = AuditEventFactory.Complete(new AuditEvent { Action = AuditActions.Read }, principal, new FakeTimeProvider(), AuditOutcome.Success);

        Assert.Equal("call-center-app", completed.ClientId);
        Assert.Equal("agent-7", completed.ActorId);
    }

    [Fact]
    public void Complete_PrefersClientIdOverAzpAndKeepsAnExplicitValue()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("azp", "from-azp"), new Claim("client_id", "from-client-id")], "test"));

        Assert.Equal("from-client-id", AuditEventFactory.ClientOf(principal));
        var explicitClient = AuditEventFactory.Complete(new AuditEvent { Action = AuditActions.Read, ClientId = "explicit" }, principal, new FakeTimeProvider(), AuditOutcome.Success);
        Assert.Equal("explicit", explicitClient.ClientId);
    }

    [Fact]
    public void Complete_NoPrincipalOrClaim_NoClientId()
    {
        Assert.Null(AuditEventFactory.ClientOf(null));
        Assert.Null(AuditEventFactory.ClientOf(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "x")], "test"))));
    }
}
