// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A tiny model for the legal-hold service and the tenant-choice store: keys of each supported kind, and one the holds refuse.</summary>
public sealed class LegalHoldDbContext(DbContextOptions<LegalHoldDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<LegalHoldLongKeyRow>();
        modelBuilder.Entity<LegalHoldGuidKeyRow>();
        modelBuilder.Entity<LegalHoldTextKeyRow>().HasKey(r => r.Code);
        modelBuilder.Entity<LegalHoldCompositeKeyRow>().HasKey(r => new { r.TenantId, r.Number });
    }
}
