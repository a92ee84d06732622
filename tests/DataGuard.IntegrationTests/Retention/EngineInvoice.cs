// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>An invoice kept by law.</summary>
public sealed class EngineInvoice
{
    public long Id { get; set; }

    public DateTime IssuedAt { get; set; }

    public decimal Amount { get; set; }
}
