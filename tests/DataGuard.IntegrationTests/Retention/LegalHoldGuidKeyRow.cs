// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row with a <see cref="Guid"/> key.</summary>
public sealed class LegalHoldGuidKeyRow
{
    public Guid Id { get; set; }
}
