// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;

namespace DataGuard.EFCore.Tests.PhoneNumbers;

/// <summary>
/// A tenant context that flows with the async call (the shape an application needs with context factories and pooling, whose
/// application service provider is the root one): a test sets <see cref="Region"/> for its own flow only.
/// </summary>
public sealed class TestTenantContext : IDataGuardTenantContext
{
    private static readonly AsyncLocal<string?> CurrentRegion = new();

    public static string? Region
    {
        get => CurrentRegion.Value;
        set => CurrentRegion.Value = value;
    }

    public string? TenantId => null;

    public string? PhoneRegion => CurrentRegion.Value;
}
