// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Model;

/// <summary>A complex type with one property encrypted by the attribute and one by the fluent API.</summary>
public sealed class ParityCard
{
    [Encrypted]
    public string? HolderByAttribute { get; set; }

    public string? HolderByFluent { get; set; }
}
