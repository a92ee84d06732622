// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Testing.Model;

/// <summary>A complex type.</summary>
public sealed class BillingInfo
{
    [Encrypted]
    public string? CardHolder { get; set; }

    public string Country { get; set; } = string.Empty;
}
