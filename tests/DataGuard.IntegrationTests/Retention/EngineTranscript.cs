// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A transcript (UTC DateTime timestamp; tenants may choose its period); notes restrict its deletion.</summary>
public sealed class EngineTranscript
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTime CreatedAt { get; set; }

    public string Text { get; set; } = string.Empty;
}
