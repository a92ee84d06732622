// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Tokenization;

// One small context per tokenization model DataGuard must refuse at model build, and two accepted ones (attribute and fluent).

public sealed class TokenizedNumber
{
    public int Id { get; set; }

    public int Number { get; set; }
}

public sealed class NonStringDbContext(DbContextOptions<NonStringDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<TokenizedNumber>().Property(n => n.Number).IsTokenized();
    }
}

public sealed class TokenizedKey
{
    [Tokenized]
    public string Id { get; set; } = "";
}

public sealed class KeyDbContext(DbContextOptions<KeyDbContext> options) : DbContext(options)
{
    public DbSet<TokenizedKey> Keys => Set<TokenizedKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}

public sealed class Account
{
    public string Id { get; set; } = "";
}

public sealed class AccountCall
{
    public int Id { get; set; }

    [Tokenized]
    public string AccountId { get; set; } = "";

    public Account? Account { get; set; }
}

public sealed class ForeignKeyDbContext(DbContextOptions<ForeignKeyDbContext> options) : DbContext(options)
{
    public DbSet<AccountCall> Calls => Set<AccountCall>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}

public sealed class EncryptedToken
{
    public int Id { get; set; }

    [Encrypted]
    [Tokenized]
    public string? Number { get; set; }
}

public sealed class EncryptedDbContext(DbContextOptions<EncryptedDbContext> options) : DbContext(options)
{
    public DbSet<EncryptedToken> Rows => Set<EncryptedToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}

public sealed class FluentEncryptedDbContext(DbContextOptions<FluentEncryptedDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<TokenizedPlain>().Property(p => p.Number).IsEncrypted().IsTokenized();
    }
}

public sealed class MissingTenant
{
    public int Id { get; set; }

    [Tokenized(TenantProperty = "Tenant")]
    public string? Number { get; set; }
}

public sealed class MissingTenantDbContext(DbContextOptions<MissingTenantDbContext> options) : DbContext(options)
{
    public DbSet<MissingTenant> Rows => Set<MissingTenant>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}

public sealed class TokenizedPlain
{
    public int Id { get; set; }

    public string? Number { get; set; }

    public int TenantId { get; set; }
}

public sealed class NoVaultDbContext(DbContextOptions<NoVaultDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<TokenizedPlain>().Property(p => p.Number).IsTokenized();
}

public sealed class TokenizedCard
{
    [Tokenized]
    public string? Number { get; set; }
}

public sealed class CardHolder
{
    public int Id { get; set; }

    public TokenizedCard Card { get; set; } = new();
}

public sealed class ComplexDbContext(DbContextOptions<ComplexDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<CardHolder>().ComplexProperty(h => h.Card);
    }
}

public sealed class AttributeTokenized
{
    public int Id { get; set; }

    public int TenantId { get; set; }

    [Tokenized(Format = TokenFormat.PhoneShaped, TenantProperty = nameof(TenantId))]
    public string? Number { get; set; }
}

public sealed class ParityDbContext(DbContextOptions<ParityDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<AttributeTokenized>();
        modelBuilder.Entity<TokenizedPlain>().Property(p => p.Number).IsTokenized(TokenFormat.PhoneShaped, nameof(TokenizedPlain.TenantId));
    }
}

public sealed class VaultNameClash
{
    public int Id { get; set; }

    [Encrypted(AssociatedDataName = "DataGuardTokens.Value")]
    public string? Secret { get; set; }
}

public sealed class VaultNameClashDbContext(DbContextOptions<VaultNameClashDbContext> options) : DbContext(options)
{
    public DbSet<VaultNameClash> Rows => Set<VaultNameClash>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}

/// <summary>A call with a tokenized account, a phone number and a plain note, and nothing encrypted (for the ExecuteUpdate guard).</summary>
public sealed class TokenizedCall
{
    public int Id { get; set; }

    [Tokenized]
    public string? Account { get; set; }

    [PhoneNumber]
    public string? Callback { get; set; }

    public string? Note { get; set; }
}

public sealed class TokenizedCallDbContext(DbContextOptions<TokenizedCallDbContext> options) : DbContext(options)
{
    public DbSet<TokenizedCall> Calls => Set<TokenizedCall>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}
