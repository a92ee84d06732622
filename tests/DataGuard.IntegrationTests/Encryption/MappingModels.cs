// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Encryption;

/// <summary>A TPC hierarchy whose encrypted property is declared on the abstract base (stored in each concrete table).</summary>
public abstract class Party
{
    public int Id { get; set; }

    [Encrypted]
    public string? Phone { get; set; }
}

public sealed class Person : Party
{
    public string Name { get; set; } = string.Empty;
}

public sealed class Company : Party
{
    public string Vat { get; set; } = string.Empty;
}

/// <summary>An entity split over two tables, the encrypted property in the second.</summary>
public sealed class Account
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    [Encrypted(Searchable = true)]
    public string? Secret { get; set; }
}

public sealed class MappingDbContext(DbContextOptions<MappingDbContext> options) : DbContext(options)
{
    public DbSet<Party> Parties => Set<Party>();

    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<Party>().UseTpcMappingStrategy().Property(p => p.Id).ValueGeneratedNever();
        modelBuilder.Entity<Person>().ToTable("People");
        modelBuilder.Entity<Company>().ToTable("Companies");
        modelBuilder.Entity<Account>(a =>
        {
            a.Property(x => x.Id).ValueGeneratedNever();
            a.ToTable("Accounts").SplitToTable("AccountSecrets", t => t.Property(x => x.Secret));
        });
    }
}
