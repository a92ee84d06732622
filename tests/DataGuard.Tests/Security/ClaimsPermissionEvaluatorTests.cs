// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Claims;
using System.Threading.Tasks;
using DataGuard.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.Tests.Security;

/// <summary>The default evaluator grants a permission through a permission claim or a mapped role, and never to anonymous principals.</summary>
public sealed class ClaimsPermissionEvaluatorTests
{
    [Fact]
    public async Task PermissionClaim_Grants()
    {
        var evaluator = Create();
        var principal = Principal(new Claim(DataGuardClaimTypes.Permission, DataGuardPermissions.ViewPersonalData));

        Assert.True(await evaluator.HasPermissionAsync(principal, DataGuardPermissions.ViewPersonalData));
        Assert.False(await evaluator.HasPermissionAsync(principal, DataGuardPermissions.Detokenize));
    }

    [Fact]
    public async Task MappedRole_Grants()
    {
        var evaluator = Create(p => p.Grant(DataGuardPermissions.Detokenize, "Supervisor", "Auditor"));

        Assert.True(await evaluator.HasPermissionAsync(Principal(new Claim(ClaimTypes.Role, "Auditor")), DataGuardPermissions.Detokenize));
        Assert.False(await evaluator.HasPermissionAsync(Principal(new Claim(ClaimTypes.Role, "Agent")), DataGuardPermissions.Detokenize));
        Assert.False(await evaluator.HasPermissionAsync(Principal(new Claim(ClaimTypes.Role, "Auditor")), DataGuardPermissions.ViewPersonalData));
    }

    [Fact]
    public async Task Grant_Twice_AddsRoles()
    {
        var evaluator = Create(p => p.Grant(DataGuardPermissions.Detokenize, "Supervisor").Grant(DataGuardPermissions.Detokenize, "Auditor"));

        Assert.True(await evaluator.HasPermissionAsync(Principal(new Claim(ClaimTypes.Role, "Supervisor")), DataGuardPermissions.Detokenize));
        Assert.True(await evaluator.HasPermissionAsync(Principal(new Claim(ClaimTypes.Role, "Auditor")), DataGuardPermissions.Detokenize));
    }

    [Fact]
    public async Task UnauthenticatedPrincipalWithPermissionClaim_IsDenied()
    {
        var evaluator = Create();
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim(DataGuardClaimTypes.Permission, DataGuardPermissions.ViewPersonalData)]));

        Assert.False(await evaluator.HasPermissionAsync(anonymous, DataGuardPermissions.ViewPersonalData));
        Assert.False(await evaluator.HasPermissionAsync(null, DataGuardPermissions.ViewPersonalData));
    }

    [Fact]
    public void Grant_UnknownPermission_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PermissionOptions().Grant("view-everything", "Admin"));

        Assert.Contains(DataGuardPermissions.ViewPersonalData, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Grant_BlankRole_Throws(string role)
        => Assert.Throws<ArgumentException>(() => new PermissionOptions().Grant(DataGuardPermissions.Detokenize, role));

    [Fact]
    public async Task ThreadPrincipalAccessor_ReadsCurrentPrincipalOfTheFlow()
    {
        using var services = new ServiceCollection().AddDataGuard().BuildServiceProvider();
        var accessor = services.GetRequiredService<IDataGuardPrincipalAccessor>();
        var principal = Principal(new Claim(ClaimTypes.Name, "ana"));

        await Task.Run(() =>
        {
            System.Threading.Thread.CurrentPrincipal = principal;
            Assert.Same(principal, accessor.Principal);
        });

        Assert.NotSame(principal, accessor.Principal);
    }

    private static IDataGuardPermissionEvaluator Create(Action<PermissionOptions>? configure = null)
    {
        var services = new ServiceCollection().AddDataGuard(dg =>
        {
            if (configure is not null)
            {
                dg.ConfigurePermissions(configure);
            }
        });
        return services.BuildServiceProvider().GetRequiredService<IDataGuardPermissionEvaluator>();
    }

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, authenticationType: "test"));
}
