// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Model;

public sealed class BagDbContext(DbContextOptions<BagDbContext> options) : DbContext(options)
{
    public DbSet<BagEntity> Bags => Set<BagEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<BagEntity>().IndexerProperty<string>("Secret").IsEncrypted();
    }
}
