// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary><c>IsUtcTimestamp()</c> refuses properties that are not <see cref="DateTimeOffset"/>.</summary>
public sealed class UtcTimestampModelTests
{
    [Fact]
    public void DateTime_IsRefused_SayingItMustHoldUtc()
    {
        var builder = new ModelBuilder();

        var ex = Assert.Throws<ArgumentException>("propertyBuilder", () => builder.Entity<Row>().Property(r => r.When).IsUtcTimestamp());
        var nullable = Assert.Throws<ArgumentException>("propertyBuilder", () => builder.Entity<Row>().Property(r => r.MaybeWhen).IsUtcTimestamp());

        Assert.Contains("Row.When is a DateTime", ex.Message, StringComparison.Ordinal);
        Assert.Contains("store UTC values (DateTimeKind.Utc)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DateTime", nullable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherTypes_AreRefused_NullBuilderThrows()
    {
        var builder = new ModelBuilder();

        Assert.Throws<ArgumentException>("propertyBuilder", () => builder.Entity<Row>().Property(r => r.Name).IsUtcTimestamp());
        Assert.Throws<ArgumentNullException>("propertyBuilder", () => DataGuardPropertyBuilderExtensions.IsUtcTimestamp(null!));
    }

    private sealed class Row
    {
        public int Id { get; set; }

        public DateTime When { get; set; }

        public DateTime? MaybeWhen { get; set; }

        public string? Name { get; set; }
    }
}
