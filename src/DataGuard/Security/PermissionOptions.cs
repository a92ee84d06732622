// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.Security;

/// <summary>
/// Which roles hold which <see cref="DataGuardPermissions"/> for the default permission evaluator (outside ASP.NET Core, or when its
/// policies are built from these options). A principal also holds a permission through a <see cref="DataGuardClaimTypes.Permission"/> claim.
/// </summary>
public sealed class PermissionOptions
{
    /// <summary>Gets the roles that hold each permission (permission name to role names). Bindable from configuration.</summary>
    public IDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    /// <summary>Grants a permission to roles, in addition to those already granted.</summary>
    /// <param name="permission">One of <see cref="DataGuardPermissions"/>.</param>
    /// <param name="roles">The roles.</param>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException"><paramref name="permission"/> is not a DataGuard permission, or a role is blank.</exception>
    public PermissionOptions Grant(string permission, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (Array.IndexOf(DataGuardPermissions.All, permission) < 0)
        {
            throw new ArgumentException($"'{permission}' is not a DataGuard permission. Use one of DataGuardPermissions: {string.Join(", ", DataGuardPermissions.All)}.", nameof(permission));
        }

        foreach (var role in roles)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(role, nameof(roles));
        }

        Roles[permission] = Roles.TryGetValue(permission, out var existing) ? [.. existing, .. roles] : roles;
        return this;
    }
}
