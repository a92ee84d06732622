// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row with a <see cref="long"/> key.</summary>
public sealed class LegalHoldLongKeyRow
{
    public long Id { get; set; }
}
