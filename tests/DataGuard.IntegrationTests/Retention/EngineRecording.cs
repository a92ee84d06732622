// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A recording of a call (a dependent: cascade in the EF model, no ON DELETE CASCADE in the schema).</summary>
public sealed class EngineRecording
{
    public long Id { get; set; }

    public long CallLogId { get; set; }

    public Guid TenantId { get; set; }

    public string FilePath { get; set; } = string.Empty;

    public DateTimeOffset RecordedAt { get; set; }
}
