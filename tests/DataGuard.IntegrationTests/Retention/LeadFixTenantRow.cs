// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A tenant's row (tenant property found by its name, TenantId).</summary>
public sealed class LeadFixTenantRow
{
    public long Id { get; set; }

    public string TenantId { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }
}
