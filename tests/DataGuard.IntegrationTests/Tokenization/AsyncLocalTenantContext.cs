// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;

namespace DataGuard.IntegrationTests.Tokenization;

/// <summary>A tenant context whose tenant flows with the async call (set by each test), registered as a singleton.</summary>
public sealed class AsyncLocalTenantContext : IDataGuardTenantContext
{
    private readonly AsyncLocal<string?> _tenant = new();

    public string? TenantId
    {
        get => _tenant.Value;
        set => _tenant.Value = value;
    }

    public string? PhoneRegion => "IN";
}
