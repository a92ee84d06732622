// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>The reliability tests' model: DataGuard's tables and four timed entity types.</summary>
public sealed class ReliabilityDbContext(DbContextOptions<ReliabilityDbContext> options) : DbContext(options)
{
    public DbSet<ReliabilityCall> Calls => Set<ReliabilityCall>();

    public DbSet<ReliabilityOffsetCall> OffsetCalls => Set<ReliabilityOffsetCall>();

    public DbSet<ReliabilityUtcCall> UtcCalls => Set<ReliabilityUtcCall>();

    public DbSet<ReliabilityNote> Notes => Set<ReliabilityNote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<ReliabilityCall>().ToTable("ReliabilityCalls").HasIndex(c => c.StartedAt);
        modelBuilder.Entity<ReliabilityOffsetCall>().ToTable("ReliabilityOffsetCalls");
        modelBuilder.Entity<ReliabilityUtcCall>().ToTable("ReliabilityUtcCalls");
        modelBuilder.Entity<ReliabilityNote>().ToTable("ReliabilityNotes");
        modelBuilder.Entity<ReliabilityOffsetCall>().Property(c => c.Id).ValueGeneratedNever();
        modelBuilder.Entity<ReliabilityUtcCall>().Property(c => c.Id).ValueGeneratedNever();
        modelBuilder.Entity<ReliabilityNote>().Property(c => c.Id).ValueGeneratedNever();
        modelBuilder.Entity<ReliabilityOffsetCall>().Property(c => c.StartedAt).IsUtcTimestamp();
    }
}
