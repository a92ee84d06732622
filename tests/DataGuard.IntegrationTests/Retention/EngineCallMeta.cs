// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>Call metadata owned by a call, in a table of its own (owned types cannot be queried alone: the engine deletes them with raw SQL).</summary>
public sealed class EngineCallMeta
{
    public string Channel { get; set; } = string.Empty;
}
