// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace CallCenter.Data;

/// <summary>An invoice to a tenant's customer: kept seven years by law (a statutory retention policy), never purged.</summary>
public sealed class Invoice
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public string Number { get; set; } = string.Empty;

    /// <summary>The amount in minor units (paise, cents).</summary>
    public long Amount { get; set; }

    public string Currency { get; set; } = "INR";

    public DateTimeOffset IssuedAt { get; set; }
}
