// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Xunit;

namespace DataGuard.Abstractions.Tests;

public sealed class RetentionContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HookBatch_Retain_RecordsTheRowAndItsReason_ByReference()
    {
        var first = new Row(1);
        var twin = new Row(1); // equal by value, another instance
        var batch = new RetentionHookBatch<Row>("recordings", RetentionAction.Delete, [first, twin]);

        batch.Retain(twin, "file locked");

        Assert.Single(batch.Retained);
        Assert.True(batch.Retained.ContainsKey(twin));
        Assert.False(batch.Retained.ContainsKey(first));
        Assert.Equal("file locked", batch.Retained[twin]);
        Assert.Equal("recordings", batch.Category);
        Assert.Equal(RetentionAction.Delete, batch.Action);
    }

    [Fact]
    public void HookBatch_Retain_ARowOfAnotherBatch_IsRefused()
    {
        var batch = new RetentionHookBatch<Row>("recordings", RetentionAction.Delete, [new Row(1)]);

        var error = Assert.Throws<ArgumentException>(() => batch.Retain(new Row(1), "not mine"));

        Assert.Equal("row", error.ParamName);
        Assert.Empty(batch.Retained);
    }

    [Fact]
    public void HookBatch_NullArguments_AreRefused()
    {
        var row = new Row(1);
        var batch = new RetentionHookBatch<Row>("recordings", RetentionAction.Archive, [row]);

        Assert.Throws<ArgumentNullException>(() => batch.Retain(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => batch.Retain(row, null!));
        Assert.Throws<ArgumentNullException>(() => new RetentionHookBatch<Row>(null!, RetentionAction.Delete, [row]));
        Assert.Throws<ArgumentNullException>(() => new RetentionHookBatch<Row>("recordings", RetentionAction.Delete, null!));
    }

    [Fact]
    public void LegalHold_IsActive_UntilLiftedOrUpTo_ButNotAt_ItsExpiry()
    {
        var standing = Hold(expiresAt: null, liftedAt: null);
        var expiring = Hold(expiresAt: Now.AddDays(1), liftedAt: null);
        var lifted = Hold(expiresAt: null, liftedAt: Now.AddDays(-1));

        Assert.True(standing.IsActiveAt(Now.AddYears(50)));
        Assert.True(expiring.IsActiveAt(Now.AddDays(1).AddTicks(-1)));
        Assert.False(expiring.IsActiveAt(Now.AddDays(1)));
        Assert.False(lifted.IsActiveAt(Now));
    }

    private static LegalHold Hold(DateTimeOffset? expiresAt, DateTimeOffset? liftedAt) => new()
    {
        Id = Guid.NewGuid(),
        Scope = LegalHoldScope.Tenant,
        TenantId = "tenant-a",
        Reason = "case 1",
        PlacedBy = "legal",
        PlacedAt = Now.AddDays(-10),
        ExpiresAt = expiresAt,
        LiftedAt = liftedAt,
    };

    private sealed record Row(int Id);
}
