// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace DataGuard.Auditing;

/// <summary>
/// Normalises and formats audit timestamps so that the canonical encoding survives a database round trip: UTC, truncated (not rounded)
/// to whole microseconds. PostgreSQL's <c>timestamptz</c> keeps microseconds while .NET ticks are 100 ns; SQLite keeps the text EF Core
/// writes. A value sealed with sub-microsecond ticks would come back different and fail verification, so the sealed record carries the
/// normalised value itself.
/// </summary>
internal static class AuditTime
{
    /// <summary>The canonical text form: UTC, exactly six fractional digits, <c>Z</c> suffix (for example <c>2026-12-02T03:04:05.123456Z</c>).</summary>
    public const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    /// <summary>The instant in UTC (offset zero), truncated to whole microseconds.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TicksPerMicrosecond), TimeSpan.Zero);
    }

    /// <summary>The canonical text of an instant (normalised first, so any offset or sub-microsecond tick gives the same text).</summary>
    public static string ToCanonicalString(DateTimeOffset value)
        => Normalize(value).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
