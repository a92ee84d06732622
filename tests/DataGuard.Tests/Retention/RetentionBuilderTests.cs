// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Retention;
using Xunit;

namespace DataGuard.Tests.Retention;

public sealed class RetentionBuilderTests
{
    [Theory]
    [InlineData(typeof(CallLog), "call-log")]
    [InlineData(typeof(HTTPRequestLog), "http-request-log")]
    [InlineData(typeof(Invoice2024), "invoice2024")]
    public void DefaultCategory_IsKebabCaseOfTheEntityName(Type type, string expected)
        => Assert.Equal(expected, RetentionBuilder.DefaultCategory(type));

    [Fact]
    public void Keep_WithoutCategory_UsesKebabName_AndBuildsThePolicy()
    {
        var builder = new RetentionBuilder();
        builder.Keep<CallLog>(c => c.StartedAt, TimeSpan.FromDays(365), tenantMayChoose: (TimeSpan.FromDays(30), null), configure: p => p.AnonymizeWith(c => c.Notes, "[removed]").TenantKey(c => c.Tenant));
        var options = new RetentionOptions();

        builder.ApplyTo(options);

        var policy = options.Policies["call-log"];
        Assert.Equal(typeof(CallLog), policy.EntityClrType);
        Assert.Equal(typeof(CallLog).FullName, policy.Entity);
        Assert.Equal(nameof(CallLog.StartedAt), policy.Timestamp);
        Assert.Equal(RetentionAction.Anonymize, policy.Action);
        Assert.Equal([nameof(CallLog.Notes)], policy.Anonymize);
        Assert.Equal("[removed]", policy.Markers[nameof(CallLog.Notes)]);
        Assert.Equal(nameof(CallLog.Tenant), policy.TenantProperty);
        Assert.True(policy.TenantMayChoose);
        Assert.Equal(TimeSpan.FromDays(30), policy.TenantMinimum);
        Assert.Null(policy.TenantMaximum);
    }

    [Fact]
    public void Keep_Statutory_IsKeepWithLegalBasis()
    {
        var builder = new RetentionBuilder();
        builder.Keep<Invoice2024>(i => i.IssuedAt, TimeSpan.FromDays(7 * 365), statutory: true, legalBasis: "Tax code s. 147");
        var options = new RetentionOptions();

        builder.ApplyTo(options);

        var policy = options.Policies["invoice2024"];
        Assert.True(policy.Statutory);
        Assert.Equal(RetentionAction.Keep, policy.Action);
        Assert.Equal("Tax code s. 147", policy.LegalBasis);
    }

    [Fact]
    public void Keep_SameCategoryTwice_IsRefused()
    {
        var builder = new RetentionBuilder();
        builder.Keep<CallLog>(c => c.StartedAt, TimeSpan.FromDays(1), category: "calls");

        var ex = Assert.Throws<ArgumentException>(() => builder.Keep<HTTPRequestLog>(c => c.At, TimeSpan.FromDays(1), category: "calls"));

        Assert.Contains("'calls' is declared twice", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RetentionBuilder().Keep<CallLog>(c => c.StartedAt, null).Keep<CallLog>(c => c.EndedAt, null));
    }

    [Fact]
    public void Keep_SelectorThatIsNotAPropertyAccess_IsRefused()
    {
        var builder = new RetentionBuilder();

        Assert.Throws<ArgumentException>("timestamp", () => builder.Keep<CallLog>(c => c.StartedAt.AddDays(1), TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentException>("timestamp", () => builder.Keep<CallLog>(c => DateTimeOffset.UnixEpoch, TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentException>("properties", () => builder.Keep<CallLog>(c => c.StartedAt, TimeSpan.FromDays(1), configure: p => p.Anonymize(c => c.Notes!.Trim())));
        Assert.Throws<ArgumentNullException>("timestamp", () => builder.Keep<CallLog>((System.Linq.Expressions.Expression<Func<CallLog, DateTimeOffset>>)null!, TimeSpan.FromDays(1)));
    }

    private sealed class CallLog
    {
        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public string? Notes { get; set; }

        public string Tenant { get; set; } = string.Empty;
    }

    private sealed class HTTPRequestLog
    {
        public DateTime At { get; set; }
    }

    private sealed class Invoice2024
    {
        public DateTime IssuedAt { get; set; }
    }
}
