// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Security.Claims;
using System.Threading;
using Microsoft.AspNetCore.Http;

namespace DataGuard.AspNetCore.Authorization;

/// <summary>The current request's user; outside a request, <see cref="Thread.CurrentPrincipal"/> (as the core default).</summary>
internal sealed class HttpContextPrincipalAccessor(IHttpContextAccessor httpContextAccessor) : IDataGuardPrincipalAccessor
{
    public ClaimsPrincipal? Principal => httpContextAccessor.HttpContext?.User ?? Thread.CurrentPrincipal as ClaimsPrincipal;
}
