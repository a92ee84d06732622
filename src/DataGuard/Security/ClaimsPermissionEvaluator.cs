// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;

namespace DataGuard.Security;

/// <summary>
/// The default <see cref="IDataGuardPermissionEvaluator"/>: a permission is held through a <see cref="DataGuardClaimTypes.Permission"/>
/// claim naming it, or through a role that <see cref="PermissionOptions.Roles"/> maps to it. Unauthenticated principals hold nothing.
/// </summary>
internal sealed class ClaimsPermissionEvaluator(IOptionsMonitor<PermissionOptions> options) : IDataGuardPermissionEvaluator
{
    public ValueTask<bool> HasPermissionAsync(ClaimsPrincipal? principal, string permission, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(HasPermission(principal, permission, options.CurrentValue));

    internal static bool HasPermission(ClaimsPrincipal? principal, string permission, PermissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(permission);
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        if (principal.HasClaim(DataGuardClaimTypes.Permission, permission))
        {
            return true;
        }

        if (options.Roles.TryGetValue(permission, out var roles))
        {
            foreach (var role in roles)
            {
                if (principal.IsInRole(role))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
