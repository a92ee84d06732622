// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Fixtures;
using DataGuard.EFCore.Tokenization;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Xunit;

namespace DataGuard.EFCore.Tests.Tokenization;

/// <summary>[Tokenized] and .IsTokenized(): the annotations they produce, and the models refused when they are built.</summary>
public sealed class TokenizationConventionTests(SqliteFixture database) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Model_NonStringProperty_ThrowsNamingPropertyAndType()
    {
        var ex = await BuildModelFailsAsync<NonStringDbContext>();

        Assert.Contains("TokenizedNumber.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
        Assert.Contains("only string properties", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_TokenizedKey_ThrowsNamingKey()
    {
        var ex = await BuildModelFailsAsync<KeyDbContext>();

        Assert.Contains("TokenizedKey.Id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("key or a foreign key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_TokenizedForeignKey_ThrowsNamingForeignKey()
    {
        var ex = await BuildModelFailsAsync<ForeignKeyDbContext>();

        Assert.Contains("AccountCall.AccountId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("key or a foreign key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_TokenizedAndEncryptedByAttributes_Throws()
    {
        var ex = await BuildModelFailsAsync<EncryptedDbContext>();

        Assert.Contains("EncryptedToken.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("also encrypted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_TokenizedAndEncryptedFluently_Throws()
    {
        var ex = await BuildModelFailsAsync<FluentEncryptedDbContext>();

        Assert.Contains("TokenizedPlain.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("also encrypted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_TenantPropertyMissing_ThrowsNamingIt()
    {
        var ex = await BuildModelFailsAsync<MissingTenantDbContext>();

        Assert.Contains("MissingTenant.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Tenant'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_WithoutVaultTable_ThrowsNamingAddDataGuard()
    {
        var ex = await BuildModelFailsAsync<NoVaultDbContext>();

        Assert.Contains("DataGuardTokens", ex.Message, StringComparison.Ordinal);
        Assert.Contains("modelBuilder.AddDataGuard()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_TokenizedComplexTypeMember_ThrowsNamingComplexType()
    {
        var ex = await BuildModelFailsAsync<ComplexDbContext>();

        Assert.Contains("TokenizedCard.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("complex types are not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EncryptedColumnBoundToVaultAssociatedDataName_ThrowsNamingReservedName()
    {
        var ex = await BuildModelFailsAsync<VaultNameClashDbContext>();

        Assert.Contains("VaultNameClash.Secret", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'DataGuardTokens.Value'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("token vault (a reserved name)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_AttributeAndFluent_ProduceTheSameAnnotations()
    {
        await using var db = await CreateAsync<ParityDbContext>();

        var byAttribute = db.Model.FindEntityType(typeof(AttributeTokenized))!.FindProperty(nameof(AttributeTokenized.Number))!;
        var byFluent = db.Model.FindEntityType(typeof(TokenizedPlain))!.FindProperty(nameof(TokenizedPlain.Number))!;
        foreach (var property in new IProperty[] { byAttribute, byFluent })
        {
            Assert.Equal((int)TokenFormat.PhoneShaped, property[TokenizationAnnotationNames.Tokenized]);
            Assert.Equal("TenantId", property[TokenizationAnnotationNames.TenantProperty]);
            var tokenized = TokenizedPropertyIndex.Find(property)!;
            Assert.Equal(TokenFormat.PhoneShaped, tokenized.Format);
            Assert.Equal("TenantId", tokenized.TenantProperty!.Name);
        }
    }

    [Fact]
    public async Task Model_AddDataGuard_MapsVaultTableWithUniqueToken()
    {
        await using var db = await CreateAsync<ParityDbContext>();

        var vault = db.Model.FindEntityType(typeof(DataGuardTokenEntity))!;
        Assert.Equal("DataGuardTokens", vault.GetTableName());
        Assert.Equal(nameof(DataGuardTokenEntity.Lookup), Assert.Single(vault.FindPrimaryKey()!.Properties).Name);
        var tokenIndex = Assert.Single(vault.GetIndexes());
        Assert.True(tokenIndex.IsUnique);
        Assert.Equal(nameof(DataGuardTokenEntity.Token), Assert.Single(tokenIndex.Properties).Name);
    }

    [Fact]
    public void IsTokenized_BadArguments_Throw()
    {
        var builder = new ModelBuilder().Entity<TokenizedPlain>().Property(p => p.Number);

        Assert.Throws<ArgumentNullException>(() => DataGuardTokenizationPropertyBuilderExtensions.IsTokenized(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.IsTokenized((TokenFormat)7));
        Assert.Throws<ArgumentException>(() => builder.IsTokenized(tenantProperty: " "));
    }

    private async Task<DbContext> CreateAsync<TContext>()
        where TContext : DbContext
        => ModelServices.CreateContext<TContext>(ModelServices.WithFieldEncryption, await database.CreateDatabaseAsync());

    private async Task<InvalidOperationException> BuildModelFailsAsync<TContext>()
        where TContext : DbContext
    {
        await using var db = await CreateAsync<TContext>();
        return Assert.Throws<InvalidOperationException>(() => db.Model);
    }
}
