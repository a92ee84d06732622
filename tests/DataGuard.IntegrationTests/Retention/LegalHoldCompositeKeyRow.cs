// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row with a two-column key (record holds refuse it).</summary>
public sealed class LegalHoldCompositeKeyRow
{
    public string TenantId { get; set; } = string.Empty;

    public int Number { get; set; }
}
