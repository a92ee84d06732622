// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.Benchmarks;

/// <summary>A call log with two encrypted columns, one of them searchable.</summary>
public sealed class GuardedCall
{
    public long Id { get; set; }

    [Encrypted(Searchable = true)]
    public string CallerNumber { get; set; } = string.Empty;

    [Encrypted]
    public string Transcript { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>The same call log encrypted with AEGIS-256 instead of the default AES-256-GCM.</summary>
public sealed class AegisCall
{
    public long Id { get; set; }

    [Encrypted(Searchable = true, Algorithm = EncryptionAlgorithm.Aegis256)]
    public string CallerNumber { get; set; } = string.Empty;

    [Encrypted(Algorithm = EncryptionAlgorithm.Aegis256)]
    public string Transcript { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>The same call log without DataGuard (the baseline); the number is indexed.</summary>
public sealed class PlainCall
{
    public long Id { get; set; }

    public string CallerNumber { get; set; } = string.Empty;

    public string Transcript { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }
}

public sealed class BenchDb(DbContextOptions<BenchDb> options) : DbContext(options)
{
    public DbSet<GuardedCall> GuardedCalls => Set<GuardedCall>();

    public DbSet<AegisCall> AegisCalls => Set<AegisCall>();

    public DbSet<PlainCall> PlainCalls => Set<PlainCall>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<PlainCall>().HasIndex(c => c.CallerNumber);
    }
}
