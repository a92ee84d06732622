// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.AspNetCore.Authorization;

/// <summary>
/// Holds a permission when the ASP.NET Core authorization policy of the same name succeeds, so an application can redefine what
/// each <see cref="DataGuardPermissions"/> policy requires. The authorization service comes from the request's services when there
/// is a request (scoped handlers work), else from the root provider.
/// </summary>
internal sealed class AuthorizationPermissionEvaluator(IHttpContextAccessor httpContextAccessor, IServiceProvider services) : IDataGuardPermissionEvaluator
{
    public async ValueTask<bool> HasPermissionAsync(ClaimsPrincipal? principal, string permission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(permission);
        if (principal is null)
        {
            return false;
        }

        var provider = httpContextAccessor.HttpContext?.RequestServices ?? services;
        var authorization = provider.GetRequiredService<IAuthorizationService>();
        var result = await authorization.AuthorizeAsync(principal, resource: null, permission).ConfigureAwait(false);
        return result.Succeeded;
    }
}
