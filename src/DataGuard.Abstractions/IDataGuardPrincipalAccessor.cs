// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Security.Claims;

namespace DataGuard;

/// <summary>
/// Gives DataGuard the principal acting now. The default reads <see cref="System.Threading.Thread.CurrentPrincipal"/> (which flows
/// with async calls); DataGuard.AspNetCore reads the current request's user.
/// </summary>
public interface IDataGuardPrincipalAccessor
{
    /// <summary>Gets the acting principal, or <see langword="null"/> when there is none (no permission is then granted).</summary>
    ClaimsPrincipal? Principal { get; }
}
