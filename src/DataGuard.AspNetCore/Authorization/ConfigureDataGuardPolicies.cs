// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace DataGuard.AspNetCore.Authorization;

/// <summary>
/// Defines one authorization policy per <see cref="DataGuardPermissions"/> constant, named as it: the user holds a
/// <see cref="DataGuardClaimTypes.Permission"/> claim naming it, or a role <see cref="PermissionOptions"/> maps to it (read at each
/// evaluation). A policy the application already defined under that name is kept; one it defines later replaces this one.
/// </summary>
internal sealed class ConfigureDataGuardPolicies(IOptionsMonitor<PermissionOptions> permissions) : IConfigureOptions<AuthorizationOptions>
{
    public void Configure(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var permission in DataGuardPermissions.All)
        {
            if (options.GetPolicy(permission) is not null)
            {
                continue;
            }

            options.AddPolicy(permission, policy => policy.RequireAssertion(
                context => ClaimsPermissionEvaluator.HasPermission(context.User, permission, permissions.CurrentValue)));
        }
    }
}
