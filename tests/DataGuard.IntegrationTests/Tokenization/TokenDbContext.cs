// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Tokenization;

/// <summary>The tokenization test model: attributes on <see cref="TokenSubscriber"/> and <see cref="DialledCall"/>, fluent on the reference.</summary>
public sealed class TokenDbContext(DbContextOptions<TokenDbContext> options) : DbContext(options)
{
    public DbSet<TokenSubscriber> Subscribers => Set<TokenSubscriber>();

    public DbSet<DialledCall> Calls => Set<DialledCall>();

    public DbSet<TokenContact> Contacts => Set<TokenContact>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<DialledCall>().Property(c => c.Reference).IsTokenized();
    }
}
