// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.Testing.Model;

/// <summary>The model the integration tests run against, on every provider.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<CallLog> CallLogs => Set<CallLog>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<FluentSecret> FluentSecrets => Set<FluentSecret>();

    public DbSet<AllTypes> AllTypes => Set<AllTypes>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<Contact>().OwnsOne(c => c.Home);
        modelBuilder.Entity<Customer>().ComplexProperty(c => c.Billing);
        modelBuilder.Entity<FluentSecret>().Property(f => f.Secret).HasBlindIndex(normalizer: "case-insensitive");
    }
}
