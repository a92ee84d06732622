// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.Metadata;
using DataGuard.EFCore.Storage;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// <c>IsUtcTimestamp()</c> on a real database: rows written with +05:30 and -05:00 offsets compare with a cutoff by their UTC instant.
/// </summary>
public abstract class UtcTimestampTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    /// <summary>The cutoff: 05:00Z.</summary>
    protected static readonly DateTimeOffset Cutoff = new(2026, 3, 1, 5, 0, 0, TimeSpan.Zero);

    /// <summary>10:00+05:30 is 04:30Z: before the cutoff, although its wall-clock time is later.</summary>
    protected static readonly DateTimeOffset IndiaMorning = new(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(5.5));

    /// <summary>01:00-05:00 is 06:00Z: after the cutoff, although its wall-clock time is earlier.</summary>
    protected static readonly DateTimeOffset NewYorkNight = new(2026, 3, 1, 1, 0, 0, TimeSpan.FromHours(-5));

    /// <summary>10:30+05:30 is exactly the cutoff.</summary>
    protected static readonly DateTimeOffset AtCutoff = new(2026, 3, 1, 10, 30, 0, TimeSpan.FromHours(5.5));

    protected TFixture Database { get; } = database;

    [SkippableFact]
    public async Task Comparison_UsesTheUtcInstant_RowAtTheCutoffIsNotBefore()
    {
        await using var db = await CreateAsync();

        var before = await db.Set<UtcTimestampRow>().Where(r => r.At < Cutoff).Select(r => r.Id).ToListAsync();
        var notBefore = await db.Set<UtcTimestampRow>().Where(r => r.At >= Cutoff).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
        var ordered = await db.Set<UtcTimestampRow>().OrderBy(r => r.At).Select(r => r.Id).ToListAsync();

        Assert.Equal([1], before);
        Assert.Equal([2, 3], notBefore);
        Assert.Equal([1, 3, 2], ordered);
    }

    [SkippableFact]
    public async Task Comparison_WithACutoffInAnotherOffset_IsTheSame()
    {
        await using var db = await CreateAsync();
        var cutoffInIndia = Cutoff.ToOffset(TimeSpan.FromHours(5.5));

        var before = await db.Set<UtcTimestampRow>().Where(r => r.At < cutoffInIndia).Select(r => r.Id).ToListAsync();

        Assert.Equal([1], before);
    }

    [SkippableFact]
    public async Task SetBasedDelete_DeletesOnlyRowsBeforeTheCutoff()
    {
        await using var db = await CreateAsync();

        var deleted = await db.Set<UtcTimestampRow>().Where(r => r.At < Cutoff).ExecuteDeleteAsync();

        Assert.Equal(1, deleted);
        Assert.Equal([2, 3], await db.Set<UtcTimestampRow>().OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
    }

    [SkippableFact]
    public async Task Nullable_NullNeverComparesBefore_ValuesCompareByInstant()
    {
        await using var db = await CreateAsync();

        var ended = await db.Set<UtcTimestampRow>().Where(r => r.EndedAt < Cutoff).Select(r => r.Id).ToListAsync();
        var open = await db.Set<UtcTimestampRow>().Where(r => r.EndedAt == null).Select(r => r.Id).ToListAsync();

        Assert.Equal([1], ended);
        Assert.Equal([3], open);
    }

    [SkippableFact]
    public async Task RoundTrip_PreservesTheInstant_WithOffsetZero()
    {
        await using var db = await CreateAsync();
        db.ChangeTracker.Clear();

        var rows = await db.Set<UtcTimestampRow>().AsNoTracking().OrderBy(r => r.Id).ToListAsync();

        Assert.Equal([IndiaMorning, NewYorkNight, AtCutoff], rows.Select(r => r.At).ToArray());
        Assert.All(rows, r => Assert.Equal(TimeSpan.Zero, r.At.Offset));
        Assert.Equal(IndiaMorning.UtcDateTime, rows[0].At.UtcDateTime);
        Assert.Equal(NewYorkNight.AddHours(1), rows[1].EndedAt);
        Assert.Null(rows[2].EndedAt);
    }

    [SkippableFact]
    public async Task NaiveBinaryConverter_ComparesLocalWallClock_TheReasonForIsUtcTimestamp()
    {
        await using var db = await CreateAsync();

        var naive = await db.Set<UtcTimestampRow>().Where(r => r.NaiveAt < Cutoff).Select(r => r.Id).ToListAsync();

        // 01:00-05:00 (06:00Z, after the cutoff) is taken as before it, and 10:00+05:30 (04:30Z, before it) is not.
        Assert.Equal([2], naive);
    }

    [SkippableFact]
    public async Task Model_CarriesTheConverterAndTheAnnotation()
    {
        await using var db = await CreateAsync();

        var property = db.Model.FindEntityType(typeof(UtcTimestampRow))!.FindProperty(nameof(UtcTimestampRow.At))!;
        var nullable = db.Model.FindEntityType(typeof(UtcTimestampRow))!.FindProperty(nameof(UtcTimestampRow.EndedAt))!;

        Assert.IsType<UtcDateTimeOffsetConverter>(property.GetValueConverter());
        Assert.IsType<UtcDateTimeOffsetConverter>(nullable.GetValueConverter());
        Assert.Equal(true, property[DataGuardAnnotationNames.UtcTimestamp]);
        Assert.Equal(typeof(DateTime), property.GetValueConverter()!.ProviderClrType);
        if (Database.Provider == "postgres")
        {
            var columnType = await db.Database
                .SqlQueryRaw<string>("SELECT data_type AS \"Value\" FROM information_schema.columns WHERE table_name = 'UtcTimestampRow' AND column_name = 'At'")
                .SingleAsync();
            Assert.Equal("timestamp with time zone", columnType);
        }
    }

    private async Task<UtcTimestampDbContext> CreateAsync()
    {
        Database.EnsureAvailable();
        var connectionString = await Database.CreateDatabaseAsync();
        var options = new DbContextOptionsBuilder<UtcTimestampDbContext>();
        Database.Use(options, connectionString);
        var db = new UtcTimestampDbContext(options.Options);
        await db.Database.EnsureCreatedAsync();
        db.AddRange(
            new UtcTimestampRow { Id = 1, At = IndiaMorning, EndedAt = IndiaMorning.AddMinutes(10), NaiveAt = IndiaMorning },
            new UtcTimestampRow { Id = 2, At = NewYorkNight, EndedAt = NewYorkNight.AddHours(1), NaiveAt = NewYorkNight },
            new UtcTimestampRow { Id = 3, At = AtCutoff, EndedAt = null, NaiveAt = AtCutoff });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return db;
    }
}
