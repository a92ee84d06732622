// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard;

/// <summary>Configures who holds DataGuard's permissions.</summary>
public static class PermissionDataGuardBuilderExtensions
{
    /// <summary>Maps roles to <see cref="DataGuardPermissions"/>, for example <c>p =&gt; p.Grant(DataGuardPermissions.ViewPersonalData, "Supervisor")</c>.</summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="configure">Configures the role mapping.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder ConfigurePermissions(this IDataGuardBuilder builder, Action<PermissionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
