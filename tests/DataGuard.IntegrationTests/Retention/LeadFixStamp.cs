// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row with the same instant stored four ways: EF Core's binary converter, HasConversion&lt;long&gt;(), .IsUtcTimestamp() and raw.</summary>
public sealed class LeadFixStamp
{
    public long Id { get; set; }

    public DateTimeOffset BinaryAt { get; set; }

    public DateTimeOffset LongAt { get; set; }

    public DateTimeOffset UtcAt { get; set; }

    public DateTimeOffset RawAt { get; set; }

    public string? Note { get; set; }
}
