// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DataGuard.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Retention;

public sealed class RetentionConfigurationTests
{
    private static readonly Dictionary<string, string?> CallLogsSection = new()
    {
        ["DataGuard:Retention:BatchSize"] = "500",
        ["DataGuard:Retention:DailyAt"] = "02:30:00",
        ["DataGuard:Retention:ArchiveDirectory"] = "/var/dataguard/archive",
        ["DataGuard:Retention:Policies:call-logs:Entity"] = "CallLog",
        ["DataGuard:Retention:Policies:call-logs:Timestamp"] = "StartedAt",
        ["DataGuard:Retention:Policies:call-logs:Period"] = "365.00:00:00",
        ["DataGuard:Retention:Policies:call-logs:Action"] = "Anonymize",
        ["DataGuard:Retention:Policies:call-logs:Anonymize:0"] = "CallerNumber",
        ["DataGuard:Retention:Policies:call-logs:Anonymize:1"] = "Notes",
        ["DataGuard:Retention:Policies:call-logs:Markers:Notes"] = "[removed]",
        ["DataGuard:Retention:Policies:call-logs:TenantMayChoose"] = "true",
        ["DataGuard:Retention:Policies:call-logs:TenantMinimum"] = "30",
        ["DataGuard:Retention:Policies:call-logs:TenantMaximum"] = "730.00:00:00",
        ["DataGuard:Retention:Policies:contacts:Entity"] = "Contact",
        ["DataGuard:Retention:Policies:contacts:Timestamp"] = "CreatedAt",
    };

    [Fact]
    public void Bind_AppSettingsSection_BindsOptionsAndPolicies()
    {
        var options = new RetentionOptions();

        RetentionConfiguration.Bind(Configuration(CallLogsSection).GetSection(RetentionOptions.SectionName), options);

        Assert.Equal(500, options.BatchSize);
        Assert.Equal(new TimeSpan(2, 30, 0), options.DailyAt);
        Assert.Equal("/var/dataguard/archive", options.ArchiveDirectory);
        var policy = options.Policies["call-logs"];
        Assert.Equal("CallLog", policy.Entity);
        Assert.Null(policy.EntityClrType);
        Assert.Equal("StartedAt", policy.Timestamp);
        Assert.Equal(TimeSpan.FromDays(365), policy.Period);
        Assert.Equal(RetentionAction.Anonymize, policy.Action);
        Assert.Equal(["CallerNumber", "Notes"], policy.Anonymize);
        Assert.Equal("[removed]", Assert.Single(policy.Markers).Value);
        Assert.True(policy.TenantMayChoose);
        Assert.Equal(TimeSpan.FromDays(30), policy.TenantMinimum);
        Assert.Equal(TimeSpan.FromDays(730), policy.TenantMaximum);
        var contacts = options.Policies["contacts"];
        Assert.Null(contacts.Period);
        Assert.Equal(RetentionAction.Delete, contacts.Action);
        Assert.Equal(2, options.Policies.Count);
    }

    [Fact]
    public void Bind_MisspeltKey_FailsNamingIt()
    {
        var settings = new Dictionary<string, string?>(CallLogsSection) { ["DataGuard:Retention:Policies:contacts:Perod"] = "30" };
        var options = new RetentionOptions();

        var ex = Assert.Throws<InvalidOperationException>(() => RetentionConfiguration.Bind(Configuration(settings).GetSection(RetentionOptions.SectionName), options));

        Assert.Contains("Perod", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRetention_CodePolicyOfSameCategory_ReplacesConfiguredOne_OthersKept()
    {
        var options = Resolve(dg => dg.AddRetention(r => r.Keep<CallLog>(c => c.StartedAt, TimeSpan.FromDays(90), category: "call-logs")));

        var policy = options.Policies["call-logs"];
        Assert.Equal(typeof(CallLog), policy.EntityClrType);
        Assert.Equal(TimeSpan.FromDays(90), policy.Period);
        Assert.Equal(RetentionAction.Delete, policy.Action);
        Assert.Empty(policy.Anonymize);
        Assert.False(policy.TenantMayChoose);
        Assert.True(options.Policies.ContainsKey("contacts"));
        Assert.Equal(500, options.BatchSize);
    }

    [Fact]
    public void AddRetention_Twice_AddsBothCallsPolicies()
    {
        var options = Resolve(dg => dg
            .AddRetention(r => r.Keep<CallLog>(c => c.StartedAt, TimeSpan.FromDays(365)))
            .AddRetention(r => r.Keep<Recording>(c => c.RecordedAt, TimeSpan.FromDays(90))));

        Assert.Equal(TimeSpan.FromDays(365), options.Policies["call-log"].Period);
        Assert.Equal(TimeSpan.FromDays(90), options.Policies["recording"].Period);
        Assert.Equal(4, options.Policies.Count);
    }

    private static IConfiguration Configuration(IEnumerable<KeyValuePair<string, string?>> settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static RetentionOptions Resolve(Action<IDataGuardBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Configuration(CallLogsSection));
        services.AddSingleton<IRetentionService>(new FakeRetentionService(new FakeTimeProvider()));
        services.AddDataGuard(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }

    private sealed class CallLog
    {
        public DateTimeOffset StartedAt { get; set; }
    }

    private sealed class Recording
    {
        public DateTime RecordedAt { get; set; }
    }
}
