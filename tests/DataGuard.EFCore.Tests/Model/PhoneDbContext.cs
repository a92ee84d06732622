// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Model;

/// <summary>A model with phone-number properties marked by attribute (entity and owned type) and by the fluent API.</summary>
public sealed class PhoneDbContext(DbContextOptions<PhoneDbContext> options) : DbContext(options)
{
    public DbSet<PhoneContact> Contacts => Set<PhoneContact>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<PhoneContact>().OwnsOne(c => c.Address);
        modelBuilder.Entity<PhoneContact>().Property(c => c.Fax).IsPhoneNumber();
    }
}
