// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataGuard.EFCore.Storage;

/// <summary>
/// Stores a <see cref="DateTimeOffset"/> as its UTC instant (a <see cref="DateTime"/> of kind <see cref="DateTimeKind.Utc"/>) and reads
/// it back with offset zero: applied by <c>IsUtcTimestamp()</c>.
/// </summary>
/// <remarks>
/// SQLite cannot compare <see cref="DateTimeOffset"/> columns in SQL, and EF Core's binary converter orders by local wall-clock time, so a
/// row written at 10:00+05:30 (04:30Z) would sort after one written at 06:00Z. As a UTC <see cref="DateTime"/> SQLite stores the
/// fixed-width text <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, whose text order is time order, and PostgreSQL a <c>timestamptz</c> with offset
/// zero (the only offset Npgsql writes). The instant survives the round trip; the original offset does not.
/// </remarks>
internal sealed class UtcDateTimeOffsetConverter : ValueConverter<DateTimeOffset, DateTime>
{
    private UtcDateTimeOffsetConverter()
        : base(v => v.UtcDateTime, v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)))
    {
    }

    /// <summary>Gets the converter (stateless).</summary>
    public static UtcDateTimeOffsetConverter Instance { get; } = new();
}
