// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>A tenant context with a settable tenant.</summary>
public sealed class FixedTenantContext : IDataGuardTenantContext
{
    public string? TenantId { get; set; }

    public string? PhoneRegion => null;
}
