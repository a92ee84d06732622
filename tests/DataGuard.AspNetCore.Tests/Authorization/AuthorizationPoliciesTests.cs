// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.AspNetCore.Tests.Masking;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Authorization;

/// <summary>DataGuard's permissions as ASP.NET Core policies, and DataGuard deciding permissions through them.</summary>
public sealed class AuthorizationPoliciesTests
{
    [Fact]
    public async Task EveryPermission_HasAPolicyOfTheSameName()
    {
        await using var provider = Build();
        var policies = provider.GetRequiredService<IAuthorizationPolicyProvider>();

        foreach (var permission in DataGuardPermissions.All)
        {
            Assert.NotNull(await policies.GetPolicyAsync(permission));
        }
    }

    [Theory]
    [InlineData(DataGuardPermissions.ViewPersonalData, true)]
    [InlineData(DataGuardPermissions.ExportPersonalData, true)]
    [InlineData(DataGuardPermissions.ErasePersonalData, false)]
    [InlineData(DataGuardPermissions.Detokenize, false)]
    public async Task Evaluator_GrantsByClaimOrMappedRole(string permission, bool expected)
    {
        await using var provider = Build();
        var evaluator = provider.GetRequiredService<IDataGuardPermissionEvaluator>();
        var supervisor = User("sue", new Claim(ClaimTypes.Role, "Supervisor"));
        var exporter = User("eve", new Claim(DataGuardClaimTypes.Permission, DataGuardPermissions.ExportPersonalData));

        var granted = await evaluator.HasPermissionAsync(supervisor, permission) || await evaluator.HasPermissionAsync(exporter, permission);

        Assert.Equal(expected, granted);
    }

    [Fact]
    public async Task Evaluator_NullOrAnonymousPrincipal_HoldsNothing()
    {
        await using var provider = Build();
        var evaluator = provider.GetRequiredService<IDataGuardPermissionEvaluator>();
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim(DataGuardClaimTypes.Permission, DataGuardPermissions.ViewPersonalData)]));

        Assert.False(await evaluator.HasPermissionAsync(null, DataGuardPermissions.ViewPersonalData));
        Assert.False(await evaluator.HasPermissionAsync(anonymous, DataGuardPermissions.ViewPersonalData));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await evaluator.HasPermissionAsync(anonymous, null!));
    }

    [Fact]
    public async Task ApplicationPolicy_DefinedBefore_ReplacesDataGuards()
    {
        await using var provider = Build(s => s.AddAuthorizationBuilder().AddPolicy(DataGuardPermissions.ViewPersonalData, p => p.RequireClaim("department", "audit")));
        await AssertRedefinedAsync(provider);
    }

    [Fact]
    public async Task ApplicationPolicy_DefinedAfter_ReplacesDataGuards()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg
            .ConfigurePermissions(p => p.Grant(DataGuardPermissions.ExportPersonalData, "Supervisor"))
            .AddAuthorizationPolicies());
        services.AddAuthorizationBuilder().AddPolicy(DataGuardPermissions.ViewPersonalData, p => p.RequireClaim("department", "audit"));
        await using var provider = services.BuildServiceProvider();

        await AssertRedefinedAsync(provider);
    }

    [Fact]
    public async Task RedefinedPolicy_DecidesJsonUnmasking()
    {
        await using var app = await MaskingTestApp.StartAsync(services: s => s.AddAuthorizationBuilder()
            .AddPolicy(DataGuardPermissions.ViewPersonalData, p => p.RequireClaim("department", "audit")));

        MinimalApiMaskingTests.AssertMasked(Json.Parse(await app.GetAsync("/masked/contact", user: "sue", roles: "Supervisor", purpose: "support")));
        MinimalApiMaskingTests.AssertRaw(Json.Parse(await app.GetAsync("/masked/contact", user: "ann", claims: "department=audit", purpose: "support")));
    }

    [Fact]
    public async Task PrincipalAccessor_ReadsTheRequestUser_AndThreadPrincipalOutside()
    {
        await using var provider = Build();
        var accessor = provider.GetRequiredService<IDataGuardPrincipalAccessor>();
        var http = provider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
        var threadUser = User("thread");
        var requestUser = User("request");

        await Task.Run(() =>
        {
            Thread.CurrentPrincipal = threadUser;
            Assert.Same(threadUser, accessor.Principal);
            http.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = requestUser };
            Assert.Same(requestUser, accessor.Principal);
            http.HttpContext = null;
        });
    }

    [Fact]
    public async Task ApplicationEvaluatorAndAccessor_AreKept()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IDataGuardPermissionEvaluator, AllowAll>();
        services.AddDataGuard(dg => dg.AddAuthorizationPolicies());
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<AllowAll>(provider.GetRequiredService<IDataGuardPermissionEvaluator>());
    }

    [Fact]
    public async Task CalledTwice_DefinesPoliciesOnce()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddAuthorizationPolicies().AddJsonMasking().AddAuthorizationPolicies());
        await using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ImplementationType?.Name == "ConfigureDataGuardPolicies");
        Assert.Single(services, d => d.ServiceType == typeof(IDataGuardPermissionEvaluator));
        Assert.NotNull(await provider.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(DataGuardPermissions.Detokenize));
    }

    private static async Task AssertRedefinedAsync(IServiceProvider provider)
    {
        var evaluator = provider.GetRequiredService<IDataGuardPermissionEvaluator>();

        Assert.False(await evaluator.HasPermissionAsync(User("sue", new Claim(ClaimTypes.Role, "Supervisor")), DataGuardPermissions.ViewPersonalData));
        Assert.True(await evaluator.HasPermissionAsync(User("ann", new Claim("department", "audit")), DataGuardPermissions.ViewPersonalData));
        Assert.True(await evaluator.HasPermissionAsync(User("sue", new Claim(ClaimTypes.Role, "Supervisor")), DataGuardPermissions.ExportPersonalData));
    }

    private static ServiceProvider Build(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        services.AddDataGuard(dg => dg
            .ConfigurePermissions(p => p.Grant(DataGuardPermissions.ViewPersonalData, "Supervisor").Grant(DataGuardPermissions.ExportPersonalData, "Supervisor"))
            .AddAuthorizationPolicies());
        return services.BuildServiceProvider();
    }

    private static ClaimsPrincipal User(string name, params Claim[] claims)
        => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, name), .. claims], "Test"));

    private sealed class AllowAll : IDataGuardPermissionEvaluator
    {
        public ValueTask<bool> HasPermissionAsync(ClaimsPrincipal? principal, string permission, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);
    }
}
