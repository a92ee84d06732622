// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>An analytics event: no tenant, no dependents, no hook (plain set-based deletes).</summary>
public sealed class EngineEvent
{
    public long Id { get; set; }

    public DateTime? OccurredAt { get; set; }

    public string Name { get; set; } = string.Empty;
}
