// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DataGuard.AspNetCore.Authorization;
using DataGuard.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DataGuard;

/// <summary>Maps DataGuard's permissions to ASP.NET Core authorization.</summary>
public static class AuthorizationDataGuardBuilderExtensions
{
    /// <summary>
    /// Defines one authorization policy per <see cref="DataGuardPermissions"/> constant, with the same name (usable in
    /// <c>.RequireAuthorization(DataGuardPermissions.ExportPersonalData)</c> or <c>[Authorize(Policy = ...)]</c>): the user holds a
    /// <see cref="DataGuardClaimTypes.Permission"/> claim naming the permission, or a role mapped to it with
    /// <c>ConfigurePermissions(p =&gt; p.Grant(...))</c>. An application may redefine a policy under the same name.
    /// DataGuard then decides permissions by evaluating these policies for the current request's user
    /// (<c>HttpContext.User</c>, or <see cref="System.Threading.Thread.CurrentPrincipal"/> outside requests).
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// A principal accessor or permission evaluator the application registered itself is kept; only DataGuard's defaults are replaced.
    /// </remarks>
    public static IDataGuardBuilder AddAuthorizationPolicies(this IDataGuardBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddAuthorizationCore();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AuthorizationOptions>, ConfigureDataGuardPolicies>());
        ReplaceDefault<IDataGuardPrincipalAccessor, ThreadPrincipalAccessor, HttpContextPrincipalAccessor>(services);
        ReplaceDefault<IDataGuardPermissionEvaluator, ClaimsPermissionEvaluator, AuthorizationPermissionEvaluator>(services);
        return builder;
    }

    private static void ReplaceDefault<TService, TDefault, TImplementation>(IServiceCollection services)
        where TService : class
        where TImplementation : class, TService
    {
        var current = services.LastOrDefault(d => d.ServiceType == typeof(TService));
        if (current is null || current.ImplementationType == typeof(TDefault))
        {
            services.Replace(ServiceDescriptor.Singleton<TService, TImplementation>());
        }
    }
}
