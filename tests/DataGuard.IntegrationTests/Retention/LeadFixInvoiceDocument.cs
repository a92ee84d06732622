// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A derived type of <see cref="LeadFixDocument"/> (same table, TPH).</summary>
public sealed class LeadFixInvoiceDocument : LeadFixDocument
{
    public string? Number { get; set; }
}
