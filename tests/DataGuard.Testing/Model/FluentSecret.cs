// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Testing.Model;

/// <summary>Configured with the fluent API only (parity with the attributes).</summary>
public sealed class FluentSecret
{
    public int Id { get; set; }

    public string Secret { get; set; } = string.Empty;

    public string? Plain { get; set; }
}
