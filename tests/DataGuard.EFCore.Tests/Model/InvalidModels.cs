// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Model;

// One small context per model DataGuard must refuse at model build (and two query-filter models, one refused, one accepted).
// Each context type is distinct, so EF Core builds (and caches) its model separately.

public sealed class Secret
{
    public int Id { get; set; }

    [Encrypted]
    public string? Value { get; set; }
}

public sealed class SeededDbContext(DbContextOptions<SeededDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Secret>().HasData(new Secret { Id = 1, Value = "seeded-secret" });
}

public sealed class SeededWithNullDbContext(DbContextOptions<SeededWithNullDbContext> options) : DbContext(options)
{
    public DbSet<Secret> Secrets => Set<Secret>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Secret>().HasData(new Secret { Id = 1, Value = null });
}

public sealed class IndexedDbContext(DbContextOptions<IndexedDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Secret>().HasIndex(s => s.Value);
}

public sealed class ConcurrencyTokenDbContext(DbContextOptions<ConcurrencyTokenDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Secret>().Property(s => s.Value).IsConcurrencyToken();
}

public sealed class ConvertedDbContext(DbContextOptions<ConvertedDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Secret>().Property(s => s.Value).HasConversion(v => v!.ToUpperInvariant(), v => v);
}

public sealed class UnconfiguredDbContext(DbContextOptions<UnconfiguredDbContext> options) : DbContext(options)
{
    public DbSet<Secret> Secrets => Set<Secret>();
}

public sealed class SecretKeyed
{
    [Key]
    [Encrypted]
    public string Code { get; set; } = string.Empty;
}

public sealed class KeyedDbContext(DbContextOptions<KeyedDbContext> options) : DbContext(options)
{
    public DbSet<SecretKeyed> Secrets => Set<SecretKeyed>();
}

public enum Tier
{
    Basic,
    Premium,
}

public sealed class SecretTier
{
    public int Id { get; set; }

    [Encrypted]
    public Tier Tier { get; set; }
}

public sealed class UnsupportedTypeDbContext(DbContextOptions<UnsupportedTypeDbContext> options) : DbContext(options)
{
    public DbSet<SecretTier> Secrets => Set<SecretTier>();
}

public sealed class SearchableCard
{
    [Encrypted(Searchable = true)]
    public string? Number { get; set; }
}

public sealed class CardHolder
{
    public int Id { get; set; }

    public SearchableCard Card { get; set; } = new();
}

public sealed class SearchableComplexDbContext(DbContextOptions<SearchableComplexDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<CardHolder>().ComplexProperty(h => h.Card);
}

public sealed class FilteredSecret
{
    public int Id { get; set; }

    [Encrypted(Searchable = true)]
    public string? Owner { get; set; }

    public bool Deleted { get; set; }
}

public sealed class ComparingFilterDbContext(DbContextOptions<ComparingFilterDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<FilteredSecret>().HasQueryFilter(s => s.Owner == "system");
}

public sealed class NullCheckFilterDbContext(DbContextOptions<NullCheckFilterDbContext> options) : DbContext(options)
{
    public DbSet<FilteredSecret> Secrets => Set<FilteredSecret>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<FilteredSecret>().HasQueryFilter(s => s.Owner != null && !s.Deleted);
}

public sealed class TwoSecrets
{
    public int Id { get; set; }

    [Encrypted(AssociatedDataName = "Shared.Name")]
    public string? First { get; set; }

    [Encrypted(AssociatedDataName = "Shared.Name")]
    public string? Second { get; set; }
}

public sealed class DuplicateNameDbContext(DbContextOptions<DuplicateNameDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<TwoSecrets>();
}

public sealed class DefaultValueDbContext(DbContextOptions<DefaultValueDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Secret>().Property(s => s.Value).HasDefaultValue("default secret");
}

public sealed class SchemaDbContext(DbContextOptions<SchemaDbContext> options) : DbContext(options)
{
    public DbSet<Secret> Secrets => Set<Secret>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Secret>().ToTable("Secrets", "sales");
}
