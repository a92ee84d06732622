// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.Metadata;
using DataGuard.EFCore.Storage;
using DataGuard.EFCore.Tests.Fixtures;
using DataGuard.EFCore.Tests.Model;
using DataGuard.Encryption;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Xunit;

namespace DataGuard.EFCore.Tests.Extensions;

/// <summary>The fluent API and <see cref="EncryptedAttribute"/> end as the same model: annotations, converter, blind index.</summary>
public sealed class DataGuardPropertyBuilderExtensionsTests(SqliteFixture database) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task HasBlindIndex_SameAsSearchableAttribute_SameAnnotations()
    {
        await using var db = await CreateAsync();
        var entity = db.Model.FindEntityType(typeof(ParityEntity))!;

        var byAttribute = DataGuardAnnotations(entity.FindProperty(nameof(ParityEntity.ByAttribute))!);
        var byFluent = DataGuardAnnotations(entity.FindProperty(nameof(ParityEntity.ByFluent))!);

        Assert.Equal(
            new Dictionary<string, object?>
            {
                [DataGuardAnnotationNames.Encrypted] = true,
                [DataGuardAnnotationNames.Searchable] = true,
                [DataGuardAnnotationNames.Normalizer] = BlindIndexNormalizers.CaseInsensitive,
                [DataGuardAnnotationNames.BlindIndexProperty] = "ByAttributeBlindIndex",
            },
            byAttribute);
        Assert.Equal("ByFluentBlindIndex", byFluent[DataGuardAnnotationNames.BlindIndexProperty]);
        byFluent[DataGuardAnnotationNames.BlindIndexProperty] = "ByAttributeBlindIndex";
        Assert.Equal(byAttribute, byFluent);
    }

    [Theory]
    [InlineData(nameof(ParityEntity.ByAttribute))]
    [InlineData(nameof(ParityEntity.ByFluent))]
    public async Task HasBlindIndex_AndSearchableAttribute_AddConverterShadowPropertyAndIndex(string name)
    {
        await using var db = await CreateAsync();
        var entity = db.Model.FindEntityType(typeof(ParityEntity))!;
        var property = entity.FindProperty(name)!;

        var converter = Assert.IsType<EncryptedStringConverter>(property.GetValueConverter());
        var shadow = entity.FindProperty(name + "BlindIndex");

        Assert.Equal(BlindIndexNormalizers.CaseInsensitive, converter.Protector.Normalizer.Name);
        Assert.NotNull(shadow);
        Assert.True(shadow.IsShadowProperty());
        Assert.Equal(typeof(string), shadow.ClrType);
        Assert.True(shadow.IsNullable);
        Assert.Equal(converter.Protector.IndexTextLength, shadow.GetMaxLength());
        Assert.Equal(name, shadow.FindAnnotation(DataGuardAnnotationNames.BlindIndexFor)?.Value);
        Assert.Contains(entity.GetIndexes(), i => i.Properties.Count == 1 && i.Properties[0] == shadow);
    }

    [Fact]
    public async Task HasBlindIndex_AndSearchableAttribute_BothFindValuesThroughWhereEquals()
    {
        await using var db = await CreateAsync();
        await db.Database.EnsureCreatedAsync();
        db.Entities.AddRange(
            new ParityEntity { ByAttribute = "Value@Example.com", ByFluent = "Value@Example.com" },
            new ParityEntity { ByAttribute = "other@example.com", ByFluent = "other@example.com" });
        await db.SaveChangesAsync();

        var byAttribute = await db.Entities.WhereEquals(e => e.ByAttribute, "value@example.COM").Select(e => e.Id).ToListAsync();
        var byFluent = await db.Entities.WhereEquals(e => e.ByFluent, "value@example.COM").Select(e => e.Id).ToListAsync();

        Assert.Single(byAttribute);
        Assert.Equal(byAttribute, byFluent);
    }

    [Fact]
    public async Task IsEncrypted_WithAlgorithmAndAssociatedData_SameAsAttribute()
    {
        await using var db = await CreateAsync();
        var entity = db.Model.FindEntityType(typeof(ParityEntity))!;
        var byAttribute = entity.FindProperty(nameof(ParityEntity.NotesByAttribute))!;
        var byFluent = entity.FindProperty(nameof(ParityEntity.NotesByFluent))!;

        // Same annotations but for the associated-data name, which must differ between columns.
        var attributeAnnotations = DataGuardAnnotations(byAttribute);
        var fluentAnnotations = DataGuardAnnotations(byFluent);
        Assert.Equal("parity.notes.attribute", attributeAnnotations[DataGuardAnnotationNames.AssociatedDataName]);
        Assert.Equal("parity.notes.fluent", fluentAnnotations[DataGuardAnnotationNames.AssociatedDataName]);
        attributeAnnotations.Remove(DataGuardAnnotationNames.AssociatedDataName);
        fluentAnnotations.Remove(DataGuardAnnotationNames.AssociatedDataName);
        Assert.Equal(attributeAnnotations, fluentAnnotations);
        Assert.Equal((int)EncryptionAlgorithm.XChaCha20Poly1305, DataGuardAnnotations(byFluent)[DataGuardAnnotationNames.Algorithm]);
        Assert.Equal(true, DataGuardAnnotations(byFluent)[DataGuardAnnotationNames.AllowPlaintextMigration]);
        var protector = ((IEncryptedValueConverter)byFluent.GetValueConverter()!).Protector;
        Assert.Equal(EncryptionAlgorithm.XChaCha20Poly1305, protector.Algorithm);
        Assert.Equal("parity.notes.fluent", protector.LogicalName);
        Assert.True(protector.Settings.AllowPlaintextMigration);
        Assert.Null(entity.FindProperty(nameof(ParityEntity.NotesByFluent) + "BlindIndex"));
    }

    [Fact]
    public async Task IsEncrypted_ComplexTypeProperty_SameAsAttribute()
    {
        await using var db = await CreateAsync();
        var card = db.Model.FindEntityType(typeof(ParityEntity))!.FindComplexProperty(nameof(ParityEntity.Card))!.ComplexType;
        var byAttribute = card.FindProperty(nameof(ParityCard.HolderByAttribute))!;
        var byFluent = card.FindProperty(nameof(ParityCard.HolderByFluent))!;

        Assert.Equal(DataGuardAnnotations(byAttribute), DataGuardAnnotations(byFluent));
        Assert.IsType<EncryptedStringConverter>(byAttribute.GetValueConverter());
        Assert.IsType<EncryptedStringConverter>(byFluent.GetValueConverter());
    }

    [Fact]
    public void Extensions_NullOrBlankArguments_Throw()
    {
        var property = new ModelBuilder().Entity<ParityEntity>().Property(e => e.ByFluent);
        ComplexTypePropertyBuilder complex = null!;

        Assert.Throws<ArgumentNullException>(() => DataGuardPropertyBuilderExtensions.IsEncrypted((PropertyBuilder)null!));
        Assert.Throws<ArgumentNullException>(() => DataGuardPropertyBuilderExtensions.HasBlindIndex((PropertyBuilder)null!));
        Assert.Throws<ArgumentNullException>(() => DataGuardPropertyBuilderExtensions.AllowsPlaintextMigration((PropertyBuilder)null!));
        Assert.Throws<ArgumentNullException>(() => complex.IsEncrypted());
        Assert.Throws<ArgumentException>(() => property.IsEncrypted(associatedDataName: " "));
        var complexProperty = new ModelBuilder().Entity<Customer>().ComplexProperty(c => c.Billing).Property(b => b.Country);
        Assert.Throws<ArgumentException>(() => complexProperty.IsEncrypted(associatedDataName: ""));
        Assert.Null(complexProperty.Metadata.FindAnnotation(DataGuardAnnotationNames.Encrypted));
        Assert.Same(property, property.IsEncrypted().HasBlindIndex().AllowsPlaintextMigration(false));
    }

    private async Task<ParityDbContext> CreateAsync()
        => ModelServices.CreateContext<ParityDbContext>(ModelServices.WithFieldEncryption, await database.CreateDatabaseAsync());

    private static Dictionary<string, object?> DataGuardAnnotations(IReadOnlyProperty property)
        => property.GetAnnotations()
            .Where(a => a.Name.StartsWith(DataGuardAnnotationNames.Prefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
}
