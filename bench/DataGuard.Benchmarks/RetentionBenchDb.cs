// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.Benchmarks;

/// <summary>The retention benchmark's model: DataGuard's tables and the call logs (start indexed, as a retention timestamp should be).</summary>
public sealed class RetentionBenchDb(DbContextOptions<RetentionBenchDb> options) : DbContext(options)
{
    public DbSet<RetentionCall> Calls => Set<RetentionCall>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<RetentionCall>().ToTable("RetentionCalls").HasIndex(c => c.StartedAt);
    }
}
