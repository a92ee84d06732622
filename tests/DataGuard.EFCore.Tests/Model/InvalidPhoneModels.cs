// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Model;

// Phone-number models DataGuard refuses at model build, and two it accepts (attribute and fluent).

public sealed class NumericPhone
{
    public int Id { get; set; }

    [PhoneNumber]
    public long Number { get; set; }
}

public sealed class NumericPhoneDbContext(DbContextOptions<NumericPhoneDbContext> options) : DbContext(options)
{
    public DbSet<NumericPhone> Phones => Set<NumericPhone>();
}

public sealed class PhoneCard
{
    [PhoneNumber]
    public string? Number { get; set; }
}

public sealed class PhoneHolder
{
    public int Id { get; set; }

    public PhoneCard Card { get; set; } = new();
}

public sealed class ComplexPhoneDbContext(DbContextOptions<ComplexPhoneDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<PhoneHolder>().ComplexProperty(h => h.Card);
}

public sealed class PlainPhone
{
    public int Id { get; set; }

    public string? Number { get; set; }

    [PhoneNumber]
    [Encrypted(Searchable = true, Normalizer = "digits")]
    public string? Legacy { get; set; }
}

public sealed class ConvertedPhoneDbContext(DbContextOptions<ConvertedPhoneDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<PlainPhone>().Property(p => p.Number).IsPhoneNumber().HasConversion(v => v!.Trim(), v => v);
}

public sealed class FluentPhoneDbContext(DbContextOptions<FluentPhoneDbContext> options) : DbContext(options)
{
    public DbSet<PlainPhone> Phones => Set<PlainPhone>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<PlainPhone>().Property(p => p.Number).IsPhoneNumber().HasBlindIndex();
}
