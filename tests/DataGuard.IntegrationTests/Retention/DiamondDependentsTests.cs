// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A dependent reached along two cascade paths is counted once, by the dry run as by the real run.</summary>
public abstract class DiamondDependentsTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected TFixture Database { get; } = database;

    [SkippableFact]
    public async Task DryRun_CountsADependentReachedAlongTwoPaths_Once_LikeTheRealRun()
    {
        await using var host = await TestHost<DiamondDbContext>.StartAsync(
            Database,
            configure: dg => dg.AddRetention(r => r.Keep<DiamondCase>(c => c.OpenedAt, TimeSpan.FromDays(30), category: "cases").Configure(o => o.RunOnSchedule = false)),
            services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        await using (var db = host.CreateContext())
        {
            var old = new DiamondCase { OpenedAt = Now.AddDays(-40) };
            var live = new DiamondCase { OpenedAt = Now.AddDays(-1) };
            db.AddRange(old, live);
            await db.SaveChangesAsync();
            var oldStep = new DiamondStep { CaseId = old.Id };
            var liveStep = new DiamondStep { CaseId = live.Id };
            db.AddRange(oldStep, liveStep);
            await db.SaveChangesAsync();
            db.AddRange(
                new DiamondNote { CaseId = old.Id, StepId = oldStep.Id },
                new DiamondNote { CaseId = old.Id, StepId = oldStep.Id },
                new DiamondNote { CaseId = live.Id, StepId = liveStep.Id });
            await db.SaveChangesAsync();
        }

        var retention = host.Services.GetRequiredService<IRetentionService>();
        var dry = await retention.DryRunAsync();
        var real = await retention.RunAsync();

        Assert.True(real.Status == RetentionRunStatus.Completed, string.Join("\n", real.Errors));
        Assert.Equal((1L, 3L), (real.Entries.Single().Purged, real.Entries.Single().Dependents)); // the old step and its two notes
        Assert.Equal((1L, 3L), (dry.Entries.Single().Purged, dry.Entries.Single().Dependents));
        await using var check = host.CreateContext();
        Assert.Equal(1, await check.Set<DiamondNote>().CountAsync());
    }
}
