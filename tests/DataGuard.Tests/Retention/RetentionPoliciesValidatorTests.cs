// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.Retention;

public sealed class RetentionPoliciesValidatorTests
{
    [Fact]
    public void Valid_SeedStylePolicies_Pass()
    {
        var options = new RetentionOptions { ArchiveDirectory = "/var/archive" };
        options.Policies["call-logs"] = Policy(p => p.Period = TimeSpan.FromDays(365));
        options.Policies["transcripts"] = Policy(p =>
        {
            p.Period = TimeSpan.FromDays(365);
            p.TenantMayChoose = true;
            p.TenantMinimum = TimeSpan.FromDays(30);
        });
        options.Policies["contacts"] = Policy(p =>
        {
            p.TenantMayChoose = true;
            p.TenantMinimum = TimeSpan.FromDays(30);
        });
        options.Policies["invoices"] = Policy(p =>
        {
            p.Period = TimeSpan.FromDays(7 * 365);
            p.Statutory = true;
            p.Action = RetentionAction.Keep;
            p.LegalBasis = "Tax code s. 147";
        });
        options.Policies["analytics"] = Policy(p =>
        {
            p.Period = TimeSpan.FromDays(730);
            p.Action = RetentionAction.Anonymize;
            p.Anonymize.Add("CallerNumber");
            p.Anonymize.Add("Name");
            p.Markers["Name"] = "[removed]";
        });
        options.Policies["live-data"] = Policy(p =>
        {
            p.Period = TimeSpan.FromDays(182);
            p.Action = RetentionAction.Archive;
        });
        options.Policies["kept-forever"] = Policy(p => p.Action = RetentionAction.Keep);

        var result = Validate(options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Call-Logs")]
    [InlineData("call_logs")]
    [InlineData("-calls")]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void BadCategoryName_Fails(string category)
    {
        var options = new RetentionOptions();
        options.Policies[category] = Policy(p => p.Period = TimeSpan.FromDays(1));

        var result = Validate(options);

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("lower-case letters, digits and '-'", failure, StringComparison.Ordinal);
        if (category.Length <= 80)
        {
            Assert.Contains($"'{category}'", failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LongestCategoryName_Passes()
    {
        var options = new RetentionOptions();
        options.Policies["a" + new string('-', 63)] = Policy(p => p.Period = TimeSpan.FromDays(1));

        Assert.True(Validate(options).Succeeded);
    }

    [Theory]
    [InlineData("entity", "names no entity")]
    [InlineData("timestamp", "names no timestamp")]
    [InlineData("zero-period", "it must be positive")]
    [InlineData("negative-period", "it must be positive")]
    [InlineData("statutory-delete", "its action must be Keep, not Delete")]
    [InlineData("statutory-no-basis", "gives no legal basis")]
    [InlineData("choose-no-minimum", "needs a positive TenantMinimum")]
    [InlineData("choose-zero-minimum", "needs a positive TenantMinimum")]
    [InlineData("choose-max-below-min", "below its TenantMinimum")]
    [InlineData("choose-default-below", "outside the bounds")]
    [InlineData("choose-default-above", "outside the bounds")]
    [InlineData("choose-indefinite-with-max", "outside the bounds")]
    [InlineData("anonymize-nothing", "names no property to anonymize")]
    [InlineData("stray-marker", "has a marker for Other")]
    public void BadPolicy_FailsWithMessageNamingTheCategory(string category, string expected)
    {
        var options = new RetentionOptions();
        options.Policies[category] = Policy(p =>
        {
            p.Period = TimeSpan.FromDays(90);
            switch (category)
            {
                case "entity":
                    p.Entity = null;
                    break;
                case "timestamp":
                    p.Timestamp = " ";
                    break;
                case "zero-period":
                    p.Period = TimeSpan.Zero;
                    break;
                case "negative-period":
                    p.Period = TimeSpan.FromDays(-1);
                    break;
                case "statutory-delete":
                    p.Statutory = true;
                    p.LegalBasis = "law";
                    break;
                case "statutory-no-basis":
                    p.Statutory = true;
                    p.Action = RetentionAction.Keep;
                    break;
                case "choose-no-minimum":
                    p.TenantMayChoose = true;
                    break;
                case "choose-zero-minimum":
                    p.TenantMayChoose = true;
                    p.TenantMinimum = TimeSpan.Zero;
                    break;
                case "choose-max-below-min":
                    p.TenantMayChoose = true;
                    p.TenantMinimum = TimeSpan.FromDays(30);
                    p.TenantMaximum = TimeSpan.FromDays(20);
                    break;
                case "choose-default-below":
                    p.TenantMayChoose = true;
                    p.TenantMinimum = TimeSpan.FromDays(120);
                    break;
                case "choose-default-above":
                    p.TenantMayChoose = true;
                    p.TenantMinimum = TimeSpan.FromDays(30);
                    p.TenantMaximum = TimeSpan.FromDays(60);
                    break;
                case "choose-indefinite-with-max":
                    p.Period = null;
                    p.TenantMayChoose = true;
                    p.TenantMinimum = TimeSpan.FromDays(30);
                    p.TenantMaximum = TimeSpan.FromDays(60);
                    break;
                case "anonymize-nothing":
                    p.Action = RetentionAction.Anonymize;
                    break;
                case "stray-marker":
                    p.Action = RetentionAction.Anonymize;
                    p.Anonymize.Add("Name");
                    p.Markers["Other"] = "x";
                    break;
            }
        });

        var result = Validate(options);

        var failure = Assert.Single(result.Failures!);
        Assert.Contains($"'{category}'", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundsInclusive_DefaultAtEitherBound_Passes()
    {
        var options = new RetentionOptions();
        options.Policies["at-min"] = Policy(p =>
        {
            p.Period = TimeSpan.FromDays(30);
            p.TenantMayChoose = true;
            p.TenantMinimum = TimeSpan.FromDays(30);
            p.TenantMaximum = TimeSpan.FromDays(60);
        });
        options.Policies["at-max"] = Policy(p =>
        {
            p.Period = TimeSpan.FromDays(60);
            p.TenantMayChoose = true;
            p.TenantMinimum = TimeSpan.FromDays(30);
            p.TenantMaximum = TimeSpan.FromDays(60);
        });

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void EntityClrTypeWithoutName_Passes()
    {
        var options = new RetentionOptions();
        options.Policies["calls"] = Policy(p =>
        {
            p.Entity = null;
            p.EntityClrType = typeof(RetentionPoliciesValidatorTests);
            p.Period = TimeSpan.FromDays(1);
        });

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void ScheduleAndLease_OutOfRange_AllReportedTogether()
    {
        var options = new RetentionOptions
        {
            Interval = TimeSpan.FromSeconds(59),
            LeaseDuration = TimeSpan.FromSeconds(9),
            DailyAt = TimeSpan.FromHours(24),
        };
        options.Policies["Bad"] = Policy(p => p.Timestamp = null);

        var result = Validate(options);

        Assert.Equal(5, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("Interval must be at least one minute", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("LeaseDuration must be at least ten seconds", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("DailyAt must be a UTC time of day", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("1.00:00:00")]
    public void DailyAt_OutsideADay_Fails(string dailyAt)
    {
        var options = new RetentionOptions { DailyAt = TimeSpan.Parse(dailyAt, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Contains("DailyAt", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void DailyAt_Boundaries_Pass()
    {
        Assert.True(Validate(new RetentionOptions { DailyAt = TimeSpan.Zero, Interval = TimeSpan.FromMinutes(1), LeaseDuration = TimeSpan.FromSeconds(10) }).Succeeded);
        Assert.True(Validate(new RetentionOptions { DailyAt = TimeSpan.FromDays(1) - TimeSpan.FromTicks(1) }).Succeeded);
    }

    [Fact]
    public void ArchivePolicy_WithFileSystemArchiveAndNoDirectory_Fails_WithAnotherArchive_Passes()
    {
        var options = new RetentionOptions();
        options.Policies["live-data"] = Policy(p =>
        {
            p.Period = TimeSpan.FromDays(182);
            p.Action = RetentionAction.Archive;
        });

        var withDefault = Validate(options, s => s.AddSingleton<IRetentionArchive, FileSystemRetentionArchive>());
        var withOther = Validate(options, s => s.AddSingleton<IRetentionArchive, NullArchive>());

        Assert.Contains("ArchiveDirectory", Assert.Single(withDefault.Failures!), StringComparison.Ordinal);
        Assert.True(withOther.Succeeded);
    }

    [Fact]
    public void AddRetention_WithoutStore_StartUpFailsNamingUseEntityFrameworkCore()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataGuard(dg => dg.AddRetention(r => r.Keep<Call>(c => c.StartedAt, TimeSpan.FromDays(365))));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RetentionOptions>>().Value);

        Assert.Contains(RetentionStoreConfiguredValidator.Message, ex.Failures);
        Assert.Contains("UseEntityFrameworkCore<TContext>()", RetentionStoreConfiguredValidator.Message, StringComparison.Ordinal);
        var startUp = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(startUp.InnerExceptions, e => e.Message.Contains(RetentionStoreConfiguredValidator.Message, StringComparison.Ordinal));
    }

    private static ValidateOptionsResult Validate(RetentionOptions options, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton(Options.Create(options));
        services?.Invoke(collection);
        using var provider = collection.BuildServiceProvider();
        return new RetentionPoliciesValidator(provider).Validate(Options.DefaultName, options);
    }

    private static RetentionPolicyOptions Policy(Action<RetentionPolicyOptions> configure)
    {
        var policy = new RetentionPolicyOptions { Entity = "CallLog", Timestamp = "StartedAt" };
        configure(policy);
        return policy;
    }

    private sealed class NullArchive : IRetentionArchive
    {
        public Task ArchiveAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class Call
    {
        public DateTimeOffset StartedAt { get; set; }
    }
}
