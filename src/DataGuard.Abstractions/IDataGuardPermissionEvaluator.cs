// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>
/// Decides whether a principal holds one of <see cref="DataGuardPermissions"/>. The default grants a permission through a
/// <see cref="DataGuardClaimTypes.Permission"/> claim or a role mapped to it in <c>PermissionOptions</c>; DataGuard.AspNetCore
/// evaluates the ASP.NET Core authorization policy of the same name.
/// </summary>
public interface IDataGuardPermissionEvaluator
{
    /// <summary>Decides whether <paramref name="principal"/> holds <paramref name="permission"/>.</summary>
    /// <param name="principal">The principal, or <see langword="null"/> (never granted).</param>
    /// <param name="permission">One of <see cref="DataGuardPermissions"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns><see langword="true"/> when the permission is held.</returns>
    ValueTask<bool> HasPermissionAsync(ClaimsPrincipal? principal, string permission, CancellationToken cancellationToken = default);
}
