// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Security.Claims;
using System.Threading;

namespace DataGuard.Security;

/// <summary>The default <see cref="IDataGuardPrincipalAccessor"/>: <see cref="Thread.CurrentPrincipal"/>, which flows across awaits.</summary>
internal sealed class ThreadPrincipalAccessor : IDataGuardPrincipalAccessor
{
    public ClaimsPrincipal? Principal => Thread.CurrentPrincipal as ClaimsPrincipal;
}
