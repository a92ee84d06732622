// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Fixtures;
using DataGuard.EFCore.Tests.Model;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.Metadata;

/// <summary>
/// Models DataGuard must refuse when they are built (the first use of a context), each a small context on a real SQLite file,
/// and the query filters it must refuse or accept.
/// </summary>
public sealed class DataGuardModelFinalizingConventionTests(SqliteFixture database) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Model_EncryptedPropertySeededWithHasData_ThrowsNamingPropertyAndHasData()
    {
        var ex = await BuildModelFailsAsync<SeededDbContext, InvalidOperationException>();

        Assert.Contains("Secret.Value", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HasData", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("seeded-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EncryptedPropertySeededWithNull_IsAccepted()
    {
        await using var db = await CreateAsync<SeededWithNullDbContext>();

        await db.Database.EnsureCreatedAsync();

        var seeded = await db.Secrets.SingleAsync();
        Assert.Null(seeded.Value);
    }

    [Fact]
    public async Task Model_SearchablePropertyOnComplexType_ThrowsNamingComplexType()
    {
        var ex = await BuildModelFailsAsync<SearchableComplexDbContext, InvalidOperationException>();

        Assert.Contains("SearchableCard.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("blind index", ex.Message, StringComparison.Ordinal);
        Assert.Contains("complex type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_TwoColumnsBoundToOneAssociatedDataName_ThrowsNamingBoth()
    {
        var ex = await BuildModelFailsAsync<DuplicateNameDbContext, InvalidOperationException>();

        Assert.Contains("TwoSecrets.Second", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TwoSecrets.First", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Shared.Name'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EncryptedPropertyWithDatabaseDefault_Throws()
    {
        var ex = await BuildModelFailsAsync<DefaultValueDbContext, InvalidOperationException>();

        Assert.Contains("Secret.Value", ex.Message, StringComparison.Ordinal);
        Assert.Contains("default or computed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("default secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_TableInASchema_AssociatedDataNameIncludesTheSchema()
    {
        await using var db = await CreateAsync<SchemaDbContext>();

        var converter = (DataGuard.EFCore.Storage.IEncryptedValueConverter)db.Model.FindEntityType(typeof(Secret))!.FindProperty(nameof(Secret.Value))!.GetValueConverter()!;

        Assert.Equal("sales.Secrets.Value", converter.Protector.LogicalName);
    }

    [Fact]
    public async Task Model_EncryptedKey_Throws()
    {
        var ex = await BuildModelFailsAsync<KeyedDbContext, InvalidOperationException>();

        Assert.Contains("SecretKeyed.Code", ex.Message, StringComparison.Ordinal);
        Assert.Contains("part of a key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EncryptedIndexedProperty_Throws()
    {
        var ex = await BuildModelFailsAsync<IndexedDbContext, InvalidOperationException>();

        Assert.Contains("Secret.Value", ex.Message, StringComparison.Ordinal);
        Assert.Contains("part of an index", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Searchable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EncryptedConcurrencyToken_Throws()
    {
        var ex = await BuildModelFailsAsync<ConcurrencyTokenDbContext, InvalidOperationException>();

        Assert.Contains("Secret.Value", ex.Message, StringComparison.Ordinal);
        Assert.Contains("concurrency token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EncryptedEnum_ThrowsUnsupportedType()
    {
        var ex = await BuildModelFailsAsync<UnsupportedTypeDbContext, InvalidOperationException>();

        Assert.Contains("SecretTier.Tier", ex.Message, StringComparison.Ordinal);
        Assert.Contains("type Tier is not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EncryptedPropertyWithUserValueConverter_Throws()
    {
        var ex = await BuildModelFailsAsync<ConvertedDbContext, InvalidOperationException>();

        Assert.Contains("Secret.Value", ex.Message, StringComparison.Ordinal);
        Assert.Contains("already has a value converter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EncryptedAttributeWithoutFieldEncryption_ThrowsNamingTheMissingCall()
    {
        await using var services = ModelServices.Create(fieldEncryption: false);
        await using var db = ModelServices.CreateContext<UnconfiguredDbContext>(services, await database.CreateDatabaseAsync());

        var ex = Assert.Throws<InvalidOperationException>(() => db.Model);

        Assert.Contains("Secret.Value", ex.Message, StringComparison.Ordinal);
        Assert.Contains("field encryption is not configured", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseEntityFrameworkCore", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddFieldEncryption", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_QueryFilterComparesEncryptedProperty_ThrowsAtModelBuild()
    {
        var ex = await BuildModelFailsAsync<ComparingFilterDbContext, DataGuardQueryException>();

        Assert.Contains("query filter of FilteredSecret", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FilteredSecret.Owner", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_QueryFilterChecksEncryptedPropertyForNull_IsAcceptedAndApplied()
    {
        await using var db = await CreateAsync<NullCheckFilterDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Secrets.AddRange(
            new FilteredSecret { Owner = "alice" },
            new FilteredSecret { Owner = null },
            new FilteredSecret { Owner = "bob", Deleted = true });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var visible = await db.Secrets.ToListAsync();
        var all = await db.Secrets.IgnoreQueryFilters().CountAsync();

        Assert.Equal("alice", Assert.Single(visible).Owner);
        Assert.Equal(3, all);
    }

    [Fact]
    public async Task Model_EncryptedStringWithMaxLength_WidensColumnToFitTheLongestCiphertext()
    {
        await using var db = await CreateAsync<ParityDbContext>();
        await db.Database.EnsureCreatedAsync();
        var property = db.Model.FindEntityType(typeof(ParityEntity))!.FindProperty(nameof(ParityEntity.Bounded))!;

        // The longest plaintext: the maximum number of characters, each three bytes in UTF-8.
        var longest = new string('\u20AC', ParityDbContext.BoundedLength);
        db.Entities.Add(new ParityEntity { Bounded = longest });
        await db.SaveChangesAsync();
        var raw = await db.Database.SqlQueryRaw<string>("SELECT \"Bounded\" AS \"Value\" FROM \"Entities\"").SingleAsync();

        // 20-byte header, 12-byte nonce, 3 * 40 bytes, 16-byte tag = 168 bytes = 224 base64url characters.
        Assert.Equal(224, property.GetMaxLength());
        Assert.True(raw.Length <= property.GetMaxLength(), $"The ciphertext ({raw.Length} characters) is longer than the column ({property.GetMaxLength()}).");
        db.ChangeTracker.Clear();
        Assert.Equal(longest, (await db.Entities.SingleAsync()).Bounded);
    }

    [Fact]
    public async Task Model_EncryptedBytesWithMaxLength_WidensColumnToTheEnvelopeSize()
    {
        await using var db = await CreateAsync<ParityDbContext>();
        await db.Database.EnsureCreatedAsync();
        var property = db.Model.FindEntityType(typeof(ParityEntity))!.FindProperty(nameof(ParityEntity.BoundedBytes))!;
        var longest = Enumerable.Range(0, ParityDbContext.BoundedBytesLength).Select(i => (byte)i).ToArray();

        db.Entities.Add(new ParityEntity { BoundedBytes = longest });
        await db.SaveChangesAsync();
        var raw = await db.Database.SqlQueryRaw<byte[]>("SELECT \"BoundedBytes\" AS \"Value\" FROM \"Entities\"").SingleAsync();

        // 20-byte header, 12-byte nonce, 64 bytes, 16-byte tag.
        Assert.Equal(112, property.GetMaxLength());
        Assert.Equal(112, raw.Length);
        db.ChangeTracker.Clear();
        Assert.Equal(longest, (await db.Entities.SingleAsync()).BoundedBytes);
    }

    private async Task<TContext> CreateAsync<TContext>()
        where TContext : DbContext
        => ModelServices.CreateContext<TContext>(ModelServices.WithFieldEncryption, await database.CreateDatabaseAsync());

    private async Task<TException> BuildModelFailsAsync<TContext, TException>()
        where TContext : DbContext
        where TException : Exception
    {
        await using var db = await CreateAsync<TContext>();
        return Assert.Throws<TException>(() => db.Model);
    }
}
