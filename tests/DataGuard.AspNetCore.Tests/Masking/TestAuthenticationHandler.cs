// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.AspNetCore.Tests.Masking;

/// <summary>
/// Authenticates from headers: <c>X-Test-User</c> (name), <c>X-Test-Roles</c> and <c>X-Test-Permissions</c> (comma-separated,
/// the latter as <c>dataguard:permission</c> claims), <c>X-Test-Claims</c> (<c>type=value</c>, comma-separated).
/// </summary>
public sealed class TestAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var user = Request.Headers["X-Test-User"].ToString();
        if (user.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user), new(ClaimTypes.Name, user) };
        foreach (var role in Split("X-Test-Roles"))
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }

        foreach (var permission in Split("X-Test-Permissions"))
        {
            claims.Add(new Claim(DataGuardClaimTypes.Permission, permission));
        }

        foreach (var pair in Split("X-Test-Claims"))
        {
            var parts = pair.Split('=', 2);
            claims.Add(new Claim(parts[0], parts[1]));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    private string[] Split(string header)
        => Request.Headers[header].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
