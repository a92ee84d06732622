// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>The base type of a TPH hierarchy (documents and invoices in one table).</summary>
public class LeadFixDocument
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public string? Note { get; set; }
}
