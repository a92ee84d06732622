// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Fixtures;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.Auditing;

public sealed class AuditReservedNameTests(SqliteFixture database) : IClassFixture<SqliteFixture>
{
    // Guarantee: no application column can share the audit chain key (its blind index would be a chain MAC an attacker could obtain
    // for a forged record) or the audit subject-hash key.
    [Fact]
    public async Task Model_ColumnBoundToAuditChainKeyName_Throws()
    {
        var ex = await BuildModelFailsAsync<ChainNameClashDbContext>();

        Assert.Contains("'dataguard:audit:chain'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("audit chain key (a reserved name)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_ColumnBoundToAuditSubjectName_Throws()
    {
        var ex = await BuildModelFailsAsync<SubjectNameClashDbContext>();

        Assert.Contains("'dataguard:audit:subject'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("audit subject hashes (a reserved name)", ex.Message, StringComparison.Ordinal);
    }

    private async Task<InvalidOperationException> BuildModelFailsAsync<TContext>()
        where TContext : DbContext
    {
        await using var db = ModelServices.CreateContext<TContext>(ModelServices.WithFieldEncryption, await database.CreateDatabaseAsync());
        return Assert.Throws<InvalidOperationException>(() => db.Model);
    }
}

public sealed class ChainNameClash
{
    public int Id { get; set; }

    [Encrypted(Searchable = true, AssociatedDataName = "dataguard:audit:chain")]
    public string? Secret { get; set; }
}

public sealed class ChainNameClashDbContext(DbContextOptions<ChainNameClashDbContext> options) : DbContext(options)
{
    public DbSet<ChainNameClash> Rows => Set<ChainNameClash>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}

public sealed class SubjectNameClash
{
    public int Id { get; set; }

    [Encrypted(Searchable = true, AssociatedDataName = "dataguard:audit:subject")]
    public string? Secret { get; set; }
}

public sealed class SubjectNameClashDbContext(DbContextOptions<SubjectNameClashDbContext> options) : DbContext(options)
{
    public DbSet<SubjectNameClash> Rows => Set<SubjectNameClash>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}
