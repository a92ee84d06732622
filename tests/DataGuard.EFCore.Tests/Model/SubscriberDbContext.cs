// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Model;

/// <summary>A model with a one-to-many relationship whose dependents are encrypted.</summary>
public sealed class SubscriberDbContext(DbContextOptions<SubscriberDbContext> options) : DbContext(options)
{
    public DbSet<Subscriber> Subscribers => Set<Subscriber>();

    public DbSet<SubscriberCall> Calls => Set<SubscriberCall>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<Subscriber>().HasMany(s => s.Calls).WithOne().HasForeignKey(c => c.SubscriberId);
    }
}
