// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Auditing;

/// <summary>The audit test model: DataGuard's tables and two entity types whose data subject is a phone number.</summary>
public sealed class AuditTestDbContext(DbContextOptions<AuditTestDbContext> options) : DbContext(options)
{
    public DbSet<AuditCustomer> Customers => Set<AuditCustomer>();

    public DbSet<AuditCall> Calls => Set<AuditCall>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}
