// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Auditing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>Normalisation of audit timestamps (so the canonical encoding survives a database round trip).</summary>
public sealed class AuditTimeTests
{
    [Fact]
    public void Normalize_TruncatesTo100NanosecondTicksToMicrosecondsInUtc()
    {
        var value = new DateTimeOffset(2026, 12, 2, 8, 34, 5, TimeSpan.FromHours(5.5)).AddTicks(1_234_569);

        var normalized = AuditTime.Normalize(value);

        Assert.Equal(TimeSpan.Zero, normalized.Offset);
        Assert.Equal(value.UtcTicks - 9, normalized.UtcTicks);
        Assert.Equal("2026-12-02T03:04:05.123456Z", AuditTime.ToCanonicalString(value));
    }

    [Fact]
    public void Normalize_Idempotent()
    {
        var once = AuditTime.Normalize(AuditTestData.Start);

        Assert.Equal(once, AuditTime.Normalize(once));
        Assert.Equal(AuditTime.ToCanonicalString(AuditTestData.Start), AuditTime.ToCanonicalString(once));
    }

    [Fact]
    public void ToCanonicalString_WholeSecond_SixZeroDigits()
        => Assert.Equal("2026-01-02T03:04:05.000000Z", AuditTime.ToCanonicalString(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));

    [Fact]
    public void Normalize_MinAndMaxValue_StayInRange()
    {
        Assert.Equal(DateTimeOffset.MinValue, AuditTime.Normalize(DateTimeOffset.MinValue));
        Assert.Equal(0, AuditTime.Normalize(DateTimeOffset.MaxValue).UtcTicks % 10);
    }
}
