// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>Timestamps stored by <c>IsUtcTimestamp()</c>, and the same values under EF Core's naive binary converter for comparison.</summary>
public sealed class UtcTimestampDbContext(DbContextOptions<UtcTimestampDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UtcTimestampRow>(row =>
        {
            row.Property(r => r.Id).ValueGeneratedNever();
            row.Property(r => r.At).IsUtcTimestamp();
            row.Property(r => r.EndedAt).IsUtcTimestamp();
            row.Property(r => r.NaiveAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        });
    }
}
