// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>The audit test model: DataGuard's tables, two entity types with personal data and one without.</summary>
public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    public DbSet<AuditedCaller> Callers => Set<AuditedCaller>();

    public DbSet<AuditedNote> Notes => Set<AuditedNote>();

    public DbSet<PlainEntry> Entries => Set<PlainEntry>();

    public DbSet<KeyedBySubject> Accounts => Set<KeyedBySubject>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<AuditedNote>().Property(n => n.CustomerId).IsDataSubject();
    }
}
