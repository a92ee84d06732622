// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.EFCore.Retention;
using DataGuard.Retention;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>Tenants' choices of period in <c>DataGuardRetentionChoices</c>, run on every provider.</summary>
public abstract class RetentionChoiceStoreTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected TFixture Database { get; } = database;

    [SkippableFact]
    public async Task Set_WithinBounds_IsStored_ThenReplaced_ThenCleared()
    {
        await using var host = await StartAsync();
        var options = Options();

        await using (var db = host.CreateContext())
        {
            await RetentionChoiceStore.SetAsync(db, options, "tenant-a", "transcripts", TimeSpan.FromDays(30), "admin-1", Now, default);
            await RetentionChoiceStore.SetAsync(db, options, "tenant-b", "transcripts", null, "admin-2", Now, default);
            await RetentionChoiceStore.SetAsync(db, options, "tenant-a", "recordings", TimeSpan.FromDays(730), "admin-1", Now, default);
        }

        await using (var db = host.CreateContext())
        {
            var ofA = await RetentionChoiceStore.GetAsync(db, "tenant-a", default);
            var transcripts = await RetentionChoiceStore.GetForCategoryAsync(db, "transcripts", default);
            Assert.Equal(2, ofA.Count);
            Assert.Equal(TimeSpan.FromDays(30), ofA["transcripts"]);
            Assert.Equal(TimeSpan.FromDays(730), ofA["recordings"]);
            Assert.Equal(2, transcripts.Count);
            Assert.Equal(TimeSpan.FromDays(30), transcripts["tenant-a"]);
            Assert.Null(transcripts["tenant-b"]);
            var row = await db.Set<DataGuardRetentionChoiceEntity>().SingleAsync(c => c.TenantId == "tenant-b");
            Assert.Null(row.PeriodTicks);
            Assert.Equal("admin-2", row.ChosenBy);
            Assert.Equal(LegalHoldReader.ToMicros(Now), row.ChosenAtMicros);
        }

        await using (var db = host.CreateContext())
        {
            await RetentionChoiceStore.SetAsync(db, options, "tenant-a", "transcripts", TimeSpan.FromDays(90), "admin-3", Now.AddDays(1), default);
            var row = await db.Set<DataGuardRetentionChoiceEntity>().AsNoTracking().SingleAsync(c => c.TenantId == "tenant-a" && c.Category == "transcripts");
            Assert.Equal(TimeSpan.FromDays(90).Ticks, row.PeriodTicks);
            Assert.Equal("admin-3", row.ChosenBy);
            Assert.Equal(LegalHoldReader.ToMicros(Now.AddDays(1)), row.ChosenAtMicros);
            Assert.Equal(3, await db.Set<DataGuardRetentionChoiceEntity>().CountAsync());

            Assert.True(await RetentionChoiceStore.ClearAsync(db, "tenant-a", "transcripts", default));
            Assert.False(await RetentionChoiceStore.ClearAsync(db, "tenant-a", "transcripts", default));
            var left = await RetentionChoiceStore.GetAsync(db, "tenant-a", default);
            Assert.Equal(["recordings"], left.Keys);
            Assert.Empty(await RetentionChoiceStore.GetAsync(db, "tenant-z", default));
        }
    }

    [SkippableFact]
    public async Task Set_WithinAnOpenTransaction_CommitsWithIt()
    {
        await using var host = await StartAsync();
        await using var db = host.CreateContext();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await RetentionChoiceStore.SetAsync(db, Options(), "tenant-a", "transcripts", TimeSpan.FromDays(60), "admin", Now, default);
            await transaction.RollbackAsync();
        }

        Assert.Empty(await RetentionChoiceStore.GetAsync(db, "tenant-a", default));
    }

    [SkippableTheory]
    [InlineData("transcripts", 10.0, "The retention period for 'transcripts' must be between 30 days and indefinite; 10 days was given.")]
    [InlineData("transcripts", 29.5, "The retention period for 'transcripts' must be between 30 days and indefinite; 29.5 days was given.")]
    [InlineData("recordings", 731.0, "The retention period for 'recordings' must be between 30 days and 730 days; 731 days was given.")]
    [InlineData("recordings", null, "The retention period for 'recordings' must be between 30 days and 730 days; indefinite was given.")]
    [InlineData("recordings", 0.0, "A retention period for 'recordings' must be positive and between 30 days and 730 days; 0 days was given.")]
    [InlineData("recordings", -1.0, "A retention period for 'recordings' must be positive and between 30 days and 730 days; -1 days was given.")]
    [InlineData("call-logs", 30.0, "The retention policy 'call-logs' does not let tenants choose their period.")]
    [InlineData("unknown", 30.0, "No retention policy has the category 'unknown'.")]
    [InlineData("Bad Name +91", 30.0, "No retention policy has that category.")]
    public async Task Set_Refused_MessageStatesTheBounds_AndNothingIsStored(string category, double? days, string message)
    {
        await using var host = await StartAsync();
        await using var db = host.CreateContext();

        var ex = await Assert.ThrowsAsync<DataGuardValidationException>(() => RetentionChoiceStore.SetAsync(
            db, Options(), "tenant-a", category, days is { } d ? TimeSpan.FromDays(d) : null, "admin", Now, default));

        Assert.Equal(message, ex.Message);
        Assert.Equal(0, await db.Set<DataGuardRetentionChoiceEntity>().CountAsync());
    }

    [SkippableFact]
    public async Task Set_AtEitherBound_IsAccepted()
    {
        await using var host = await StartAsync();
        await using var db = host.CreateContext();

        await RetentionChoiceStore.SetAsync(db, Options(), "tenant-a", "recordings", TimeSpan.FromDays(30), "admin", Now, default);
        await RetentionChoiceStore.SetAsync(db, Options(), "tenant-b", "recordings", TimeSpan.FromDays(730), "admin", Now, default);

        var choices = await RetentionChoiceStore.GetForCategoryAsync(db, "recordings", default);
        Assert.Equal(TimeSpan.FromDays(30), choices["tenant-a"]);
        Assert.Equal(TimeSpan.FromDays(730), choices["tenant-b"]);
    }

    [SkippableFact]
    public async Task BadArguments_AreRefused()
    {
        await using var host = await StartAsync();
        await using var db = host.CreateContext();

        await Assert.ThrowsAsync<ArgumentException>("tenantId", () => RetentionChoiceStore.SetAsync(db, Options(), " ", "transcripts", TimeSpan.FromDays(40), "admin", Now, default));
        await Assert.ThrowsAsync<ArgumentException>("tenantId", () => RetentionChoiceStore.SetAsync(db, Options(), new string('t', 257), "transcripts", TimeSpan.FromDays(40), "admin", Now, default));
        await Assert.ThrowsAsync<ArgumentException>("chosenBy", () => RetentionChoiceStore.SetAsync(db, Options(), "t", "transcripts", TimeSpan.FromDays(40), "", Now, default));
        await Assert.ThrowsAsync<ArgumentException>("tenantId", () => RetentionChoiceStore.ClearAsync(db, "", "transcripts", default));
        await Assert.ThrowsAsync<ArgumentException>("tenantId", () => RetentionChoiceStore.GetAsync(db, " ", default));
        await Assert.ThrowsAsync<ArgumentException>("category", () => RetentionChoiceStore.GetForCategoryAsync(db, " ", default));
    }

    private static RetentionOptions Options()
    {
        var options = new RetentionOptions();
        options.Policies["call-logs"] = new RetentionPolicyOptions { Entity = "CallLog", Timestamp = "StartedAt", Period = TimeSpan.FromDays(365) };
        options.Policies["transcripts"] = new RetentionPolicyOptions
        {
            Entity = "Transcript", Timestamp = "CreatedAt", Period = TimeSpan.FromDays(365), TenantMayChoose = true, TenantMinimum = TimeSpan.FromDays(30),
        };
        options.Policies["recordings"] = new RetentionPolicyOptions
        {
            Entity = "Recording", Timestamp = "RecordedAt", Period = TimeSpan.FromDays(90), TenantMayChoose = true,
            TenantMinimum = TimeSpan.FromDays(30), TenantMaximum = TimeSpan.FromDays(730),
        };
        return options;
    }

    private Task<TestHost<LegalHoldDbContext>> StartAsync() => TestHost<LegalHoldDbContext>.StartAsync(Database);
}
