// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>An entity without personal data: never audited.</summary>
public sealed class PlainEntry
{
    public int Id { get; set; }

    public string? Label { get; set; }
}
