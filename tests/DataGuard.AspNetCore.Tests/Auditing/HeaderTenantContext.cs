// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Http;

namespace DataGuard.AspNetCore.Tests.Auditing;

/// <summary>The tenant named by the <c>X-Test-Tenant</c> header.</summary>
public sealed class HeaderTenantContext(IHttpContextAccessor accessor) : IDataGuardTenantContext
{
    public string? TenantId => accessor.HttpContext?.Request.Headers["X-Test-Tenant"].ToString() is { Length: > 0 } tenant ? tenant : null;

    public string? PhoneRegion => null;
}
