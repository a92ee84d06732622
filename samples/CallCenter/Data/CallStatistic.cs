// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace CallCenter.Data;

/// <summary>Analytics: a tenant's call volume of one day (no personal data), kept two years.</summary>
public sealed class CallStatistic
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The day (midnight UTC).</summary>
    public DateTimeOffset Day { get; set; }

    public int Calls { get; set; }

    public int TotalDurationSeconds { get; set; }
}
