// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A tenant's note, whose retention period the tenant may choose.</summary>
public sealed class ReliabilityNote
{
    public int Id { get; set; }

    public string TenantId { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
}
