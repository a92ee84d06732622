// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Fixtures;
using DataGuard.EFCore.Tests.Model;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.PhoneNumbers;

/// <summary>The attribute and the fluent call end as one annotation; models DataGuard cannot honour fail at model build, naming the property.</summary>
public sealed class PhoneNumberModelTests(SqliteFixture database) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task FluentIsPhoneNumber_WithBlindIndex_UsesPhoneNormaliser()
    {
        await using var db = await CreateAsync<FluentPhoneDbContext>();
        var property = db.Model.FindEntityType(typeof(PlainPhone))!.FindProperty(nameof(PlainPhone.Number))!;

        Assert.Equal(true, property.FindAnnotation("DataGuard:PhoneNumber")?.Value);
        Assert.Equal("phone", property.FindAnnotation("DataGuard:Normalizer")?.Value);
    }

    [Fact]
    public async Task Attribute_WithExplicitNormaliser_KeepsIt()
    {
        await using var db = await CreateAsync<FluentPhoneDbContext>();
        var property = db.Model.FindEntityType(typeof(PlainPhone))!.FindProperty(nameof(PlainPhone.Legacy))!;

        Assert.Equal(true, property.FindAnnotation("DataGuard:PhoneNumber")?.Value);
        Assert.Equal("digits", property.FindAnnotation("DataGuard:Normalizer")?.Value);
    }

    [Fact]
    public async Task FluentPhoneNumber_RoundTripsAndIsSearchableInAnyForm()
    {
        await using var db = await CreateAsync<FluentPhoneDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Phones.Add(new PlainPhone { Number = "98765 43210" });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var found = await db.Phones.WhereEquals(p => p.Number, "+91 98765-43210").SingleAsync();
        Assert.Equal("+919876543210", found.Number);
    }

    [Fact]
    public async Task NonStringProperty_Refused()
    {
        var ex = await BuildModelFailsAsync<NumericPhoneDbContext>();
        Assert.Contains("NumericPhone.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComplexTypeProperty_Refused()
    {
        var ex = await BuildModelFailsAsync<ComplexPhoneDbContext>();
        Assert.Contains("PhoneCard.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("owned entity type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PropertyWithValueConverter_Refused()
    {
        var ex = await BuildModelFailsAsync<ConvertedPhoneDbContext>();
        Assert.Contains("PlainPhone.Number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("value converter", ex.Message, StringComparison.Ordinal);
    }

    private async Task<TContext> CreateAsync<TContext>()
        where TContext : DbContext
        => ModelServices.CreateContext<TContext>(ModelServices.WithPhoneNumbers, await database.CreateDatabaseAsync());

    private async Task<InvalidOperationException> BuildModelFailsAsync<TContext>()
        where TContext : DbContext
    {
        await using var db = await CreateAsync<TContext>();
        return Assert.Throws<InvalidOperationException>(() => db.Model);
    }
}
