// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading.Tasks;
using DataGuard.EFCore.Auditing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>AuditSuppression.Pause: turns a suppressed flow's interceptors back on and restores the suppression it found.</summary>
public sealed class LeadFixAuditSuppressionTests
{
    [Fact]
    public void Pause_InsideNestedBegins_TurnsAuditingOn_AndRestoresTheWholeDepth()
    {
        using (AuditSuppression.Begin())
        {
            var inner = AuditSuppression.Begin();
            using (AuditSuppression.Pause())
            {
                Assert.False(AuditSuppression.IsActive);
            }

            Assert.True(AuditSuppression.IsActive);
            inner.Dispose();
            Assert.True(AuditSuppression.IsActive); // the outer Begin still holds
        }

        Assert.False(AuditSuppression.IsActive);
    }

    [Fact]
    public void Begin_InsideAPause_SuppressesUntilDisposed_ThenThePauseStillHolds()
    {
        using (AuditSuppression.Begin())
        {
            using (AuditSuppression.Pause())
            {
                using (AuditSuppression.Begin())
                {
                    Assert.True(AuditSuppression.IsActive);
                }

                Assert.False(AuditSuppression.IsActive);
            }

            Assert.True(AuditSuppression.IsActive);
        }

        Assert.False(AuditSuppression.IsActive);
    }

    [Fact]
    public void Pause_DisposedTwice_RestoresOnce_AndOutsideASuppressionChangesNothing()
    {
        var pause = AuditSuppression.Pause();
        Assert.False(AuditSuppression.IsActive);
        pause.Dispose();
        Assert.False(AuditSuppression.IsActive);

        using (AuditSuppression.Begin())
        {
            var inside = AuditSuppression.Pause();
            inside.Dispose();
            using (AuditSuppression.Pause())
            {
                inside.Dispose(); // a second dispose must not restore the suppression inside the newer pause
                Assert.False(AuditSuppression.IsActive);
            }

            Assert.True(AuditSuppression.IsActive);
        }

        Assert.False(AuditSuppression.IsActive);
    }

    [Fact]
    public async Task WorkStartedDuringAPause_DoesNotInheritTheSuppression_AfterThePauseEnds()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<bool> started;
        using (AuditSuppression.Begin())
        {
            using (AuditSuppression.Pause())
            {
                started = Task.Run(async () =>
                {
                    await release.Task;
                    return AuditSuppression.IsActive;
                });
            }

            Assert.True(AuditSuppression.IsActive);
            release.SetResult();
            Assert.False(await started);
        }

        Assert.False(AuditSuppression.IsActive);
    }
}
