// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row with a text key.</summary>
public sealed class LegalHoldTextKeyRow
{
    public string Code { get; set; } = string.Empty;
}
