// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.EFCore.Retention;
using DataGuard.Encryption;
using DataGuard.IntegrationTests.Tokenization;
using DataGuard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>The legal-hold service and reader over a real database, run on every provider.</summary>
public abstract class LegalHoldTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    protected const string Digits = "9876543210";
    protected const string Number = "+91 98765 43210";

    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected TFixture Database { get; } = database;

    protected CapturingAuditSink Audit { get; } = new();

    protected FakeTimeProvider Time { get; } = new(Start);

    [SkippableFact]
    public async Task TenantHold_IsListed_ThenLiftedOnce()
    {
        await using var host = await StartAsync();
        var holds = Holds(host);

        var hold = await holds.PlaceOnTenantAsync("tenant-a", Details("case-17", "legal@example.test"));
        var listed = Assert.Single(await holds.GetActiveAsync());
        Time.Advance(TimeSpan.FromMinutes(5));
        var lifted = await holds.LiftAsync(hold.Id, "counsel-2", "case closed");
        var again = await holds.LiftAsync(hold.Id, "counsel-2", "case closed");
        var unknown = await holds.LiftAsync(Guid.NewGuid(), "counsel-2", "typo");

        Assert.Equal(LegalHoldScope.Tenant, hold.Scope);
        Assert.Equal("tenant-a", hold.TenantId);
        Assert.Equal(Start, hold.PlacedAt);
        Assert.Null(hold.SubjectHash);
        Assert.Equal(hold.Id, listed.Id);
        Assert.Equal("case-17", listed.Reason);
        Assert.Equal("legal@example.test", listed.PlacedBy);
        Assert.Equal(Start, listed.PlacedAt);
        Assert.True(lifted);
        Assert.False(again);
        Assert.False(unknown);
        Assert.Empty(await holds.GetActiveAsync());
        await using var db = host.CreateContext();
        var row = await db.Set<DataGuardLegalHoldEntity>().SingleAsync();
        Assert.Equal(LegalHoldReader.ToMicros(Start + TimeSpan.FromMinutes(5)), row.LiftedAtMicros);
        Assert.Equal("counsel-2", row.LiftedBy);
        Assert.Equal("case closed", row.LiftReason);
    }

    [SkippableFact]
    public async Task Hold_WithExpiry_IsActiveUpToNotAtItsExpiry()
    {
        await using var host = await StartAsync();
        var holds = Holds(host);

        var hold = await holds.PlaceOnTenantAsync("tenant-a", Details(expiresAt: Start + TimeSpan.FromHours(1)));
        Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMicroseconds(1));
        var before = await holds.GetActiveAsync();
        Time.Advance(TimeSpan.FromMicroseconds(1));
        var at = await holds.GetActiveAsync();

        Assert.Equal(Start + TimeSpan.FromHours(1), hold.ExpiresAt);
        Assert.Equal(hold.Id, Assert.Single(before).Id);
        Assert.Empty(at);
        await using var db = host.CreateContext();
        Assert.True((await LegalHoldReader.LoadAsync(db, Encryptor(host), Time.GetUtcNow(), default)).IsEmpty);
    }

    [SkippableFact]
    public async Task GetActive_OldestFirst_FilteredByTenant()
    {
        await using var host = await StartAsync();
        var holds = Holds(host);

        var tenantA = await holds.PlaceOnTenantAsync("tenant-a", Details());
        Time.Advance(TimeSpan.FromSeconds(1));
        var subjectA = await holds.PlaceOnSubjectAsync(Number, Details(tenantId: "tenant-a"));
        Time.Advance(TimeSpan.FromSeconds(1));
        var record = await holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), 7L, Details());
        Time.Advance(TimeSpan.FromSeconds(1));
        var tenantB = await holds.PlaceOnTenantAsync("tenant-b", Details());
        Time.Advance(TimeSpan.FromSeconds(1));
        var lifted = await holds.PlaceOnTenantAsync("tenant-a", Details());
        await holds.LiftAsync(lifted.Id, "x", "y");

        var all = await holds.GetActiveAsync();
        var ofA = await holds.GetActiveAsync("tenant-a");
        var ofC = await holds.GetActiveAsync("tenant-c");

        Assert.Equal([tenantA.Id, subjectA.Id, record.Id, tenantB.Id], all.Select(h => h.Id).ToArray());
        Assert.Equal([tenantA.Id, subjectA.Id], ofA.Select(h => h.Id).ToArray());
        Assert.Empty(ofC);
    }

    [SkippableFact]
    public async Task SubjectHold_StoresIdentifierOnlyEncrypted_WithItsSubjectHash()
    {
        await using var host = await StartAsync();

        var hold = await Holds(host).PlaceOnSubjectAsync("  " + Number + " ", Details(tenantId: "tenant-a"));

        var hasher = new AuditSubjectHasher(Encryptor(host), host.Services.GetService<IPhoneNumberNormalizer>());
        Assert.Equal(LegalHoldScope.Subject, hold.Scope);
        Assert.Equal(hasher.Hash("098765 43210"), hold.SubjectHash); // the same subject written another way
        Assert.True(hasher.IsHash(hold.SubjectHash!));
        var cells = await AllCellsAsync(host);
        Assert.NotEmpty(cells);
        Assert.DoesNotContain(cells, c => c.Contains(Digits, StringComparison.Ordinal) || c.Contains("98765", StringComparison.Ordinal));
        Assert.Contains(hold.SubjectHash!, cells);
        await using var db = host.CreateContext();
        var stored = await db.Set<DataGuardLegalHoldEntity>().Select(h => h.SubjectValue).SingleAsync();
        Assert.Equal(Number, LegalHoldReader.ProtectorFor(Encryptor(host)).DecryptString(stored!));
    }

    [SkippableFact]
    public async Task PlaceAndLift_AreAudited_WithoutTheIdentifier()
    {
        await using var host = await StartAsync();
        var holds = Holds(host);

        var hold = await holds.PlaceOnSubjectAsync(Number, Details("matter 42", "legal-team", tenantId: "tenant-a"));
        await holds.LiftAsync(hold.Id, "counsel", "released");

        var events = Audit.Events.ToArray();
        Assert.Equal(2, events.Length);
        Assert.All(events, e =>
        {
            Assert.Equal(AuditActions.LegalHold, e.Action);
            Assert.Equal("legal-hold", e.Action);
            Assert.Equal(AuditOutcome.Success, e.Outcome);
            Assert.Equal(hold.Id.ToString("D"), e.ResourceId);
            Assert.Equal("tenant-a", e.TenantId);
            Assert.Equal([hold.SubjectHash!], e.Subjects);
            var json = JsonSerializer.Serialize(e);
            Assert.DoesNotContain(Digits, json, StringComparison.Ordinal);
            Assert.DoesNotContain("98765", json, StringComparison.Ordinal);
        });
        Assert.Equal(("place", "legal-team", "matter 42"), (events[0].Purpose, events[0].ActorId, events[0].Reason));
        Assert.Equal(("lift", "counsel", "released"), (events[1].Purpose, events[1].ActorId, events[1].Reason));
        Assert.Equal(Start, events[0].Timestamp);
    }

    [SkippableFact]
    public async Task WithTheAuditTrail_EventsAreAccepted_AndFoundByTheSubjectWrittenAnotherWay()
    {
        await using var host = await TestHost<LegalHoldDbContext>.StartAsync(
            Database,
            configure: dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN").AddAudit());
        var holds = Holds(host);
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);

        var hold = await holds.PlaceOnSubjectAsync(Number, Details("matter 7", "legal-team"));
        await holds.LiftAsync(hold.Id, "counsel", "released");
        var trail = host.Services.GetRequiredService<IAuditTrail>();
        await trail.FlushAsync();

        var history = await trail.GetAccessHistoryAsync("098765 43210", from, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(["place", "lift"], history.Select(r => r.Event.Purpose ?? string.Empty).ToArray());
        Assert.All(history, r => Assert.Equal(AuditActions.LegalHold, r.Event.Action));
        Assert.Equal(host.Services.GetRequiredService<IAuditSubjectHasher>().Hash(Number), hold.SubjectHash);
    }

    [SkippableFact]
    public async Task LiftUnknownHold_IsNotAudited()
    {
        await using var host = await StartAsync();

        Assert.False(await Holds(host).LiftAsync(Guid.NewGuid(), "counsel", "nothing"));

        Assert.Empty(Audit.Events);
    }

    [SkippableFact]
    public async Task BadInput_IsRefused_WithoutEchoingIt_AndNothingStored()
    {
        await using var host = await StartAsync();
        var holds = Holds(host);
        var longIdentifier = "+91" + new string('7', 300);

        await Assert.ThrowsAsync<ArgumentNullException>("tenantId", () => holds.PlaceOnTenantAsync(null!, Details()));
        await Assert.ThrowsAsync<ArgumentException>("tenantId", () => holds.PlaceOnTenantAsync("  ", Details()));
        await Assert.ThrowsAsync<ArgumentException>("tenantId", () => holds.PlaceOnTenantAsync(new string('t', 257), Details()));
        await Assert.ThrowsAsync<ArgumentNullException>("details", () => holds.PlaceOnTenantAsync("t", null!));
        await Assert.ThrowsAsync<ArgumentException>("Reason", () => holds.PlaceOnTenantAsync("t", Details(reason: " ")));
        await Assert.ThrowsAsync<ArgumentException>("Reason", () => holds.PlaceOnTenantAsync("t", Details(reason: new string('r', 1025))));
        await Assert.ThrowsAsync<ArgumentException>("PlacedBy", () => holds.PlaceOnTenantAsync("t", Details(placedBy: "")));
        await Assert.ThrowsAsync<ArgumentException>("ExpiresAt", () => holds.PlaceOnTenantAsync("t", Details(expiresAt: Start)));
        await Assert.ThrowsAsync<ArgumentException>("ExpiresAt", () => holds.PlaceOnTenantAsync("t", Details(expiresAt: Start - TimeSpan.FromDays(1))));
        await Assert.ThrowsAsync<ArgumentException>("TenantId", () => holds.PlaceOnSubjectAsync(Number, Details(tenantId: " ")));
        await Assert.ThrowsAsync<ArgumentNullException>("identifier", () => holds.PlaceOnSubjectAsync(null!, Details()));
        await Assert.ThrowsAsync<ArgumentException>("identifier", () => holds.PlaceOnSubjectAsync(" \t ", Details()));
        var tooLong = await Assert.ThrowsAsync<ArgumentException>("identifier", () => holds.PlaceOnSubjectAsync(longIdentifier, Details()));
        await Assert.ThrowsAsync<ArgumentException>("liftedBy", () => holds.LiftAsync(Guid.NewGuid(), " ", "r"));
        await Assert.ThrowsAsync<ArgumentException>("reason", () => holds.LiftAsync(Guid.NewGuid(), "x", ""));
        await Assert.ThrowsAsync<ArgumentException>("tenantId", () => holds.GetActiveAsync(" "));

        Assert.DoesNotContain("777777", tooLong.Message, StringComparison.Ordinal);
        await using var db = host.CreateContext();
        Assert.Equal(0, await db.Set<DataGuardLegalHoldEntity>().CountAsync());
        Assert.Empty(Audit.Events);
    }

    [SkippableFact]
    public async Task RecordHold_KeyIsConvertedToThePrimaryKeyTypeAndStoredAsInvariantText()
    {
        await using var host = await StartAsync();
        var holds = Holds(host);
        var guid = Guid.NewGuid();

        var fromLong = await holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), 42L, Details());
        var fromInt = await holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), 43, Details());
        var fromText = await holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), "44", Details(tenantId: "tenant-a"));
        var fromGuid = await holds.PlaceOnRecordAsync(typeof(LegalHoldGuidKeyRow), guid, Details());
        var fromGuidText = await holds.PlaceOnRecordAsync(typeof(LegalHoldGuidKeyRow), guid.ToString("B").ToUpperInvariant(), Details());
        var textKey = await holds.PlaceOnRecordAsync(typeof(LegalHoldTextKeyRow), "INV-2024-001", Details());

        Assert.Equal(typeof(LegalHoldLongKeyRow).FullName, fromLong.EntityType);
        Assert.Equal(LegalHoldScope.Record, fromLong.Scope);
        Assert.Equal("42", fromLong.RecordKey);
        Assert.Equal("43", fromInt.RecordKey);
        Assert.Equal("44", fromText.RecordKey);
        Assert.Equal("tenant-a", fromText.TenantId);
        Assert.Equal(guid.ToString("D"), fromGuid.RecordKey);
        Assert.Equal(guid.ToString("D"), fromGuidText.RecordKey);
        Assert.Equal("INV-2024-001", textKey.RecordKey);
        Assert.Equal(typeof(LegalHoldTextKeyRow).FullName, textKey.EntityType);
    }

    [SkippableFact]
    public async Task RecordHold_BadTypeOrKey_IsRefused()
    {
        await using var host = await StartAsync();
        var holds = Holds(host);

        await Assert.ThrowsAsync<ArgumentException>("entityType", () => holds.PlaceOnRecordAsync(typeof(string), "x", Details()));
        await Assert.ThrowsAsync<ArgumentException>("entityType", () => holds.PlaceOnRecordAsync(typeof(LegalHoldCompositeKeyRow), 1, Details()));
        await Assert.ThrowsAsync<ArgumentNullException>("entityType", () => holds.PlaceOnRecordAsync(null!, 1, Details()));
        await Assert.ThrowsAsync<ArgumentNullException>("key", () => holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), null!, Details()));
        var wrong = await Assert.ThrowsAsync<ArgumentException>("key", () => holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), "+919876543210x", Details()));
        await Assert.ThrowsAsync<ArgumentException>("key", () => holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), 1.5m, Details()));
        await Assert.ThrowsAsync<ArgumentException>("key", () => holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), Guid.NewGuid(), Details()));
        await Assert.ThrowsAsync<ArgumentException>("key", () => holds.PlaceOnRecordAsync(typeof(LegalHoldGuidKeyRow), "not-a-guid", Details()));
        await Assert.ThrowsAsync<ArgumentException>("key", () => holds.PlaceOnRecordAsync(typeof(LegalHoldTextKeyRow), " ", Details()));

        Assert.DoesNotContain(Digits, wrong.Message, StringComparison.Ordinal);
        await using var db = host.CreateContext();
        Assert.Equal(0, await db.Set<DataGuardLegalHoldEntity>().CountAsync());
    }

    [SkippableFact]
    public async Task LoadAsync_ReturnsTheHoldsInForce_DecryptingSubjects()
    {
        await using var host = await StartAsync();
        var holds = Holds(host);
        await holds.PlaceOnTenantAsync("tenant-a", Details());
        await holds.PlaceOnTenantAsync("tenant-a", Details());
        await holds.PlaceOnSubjectAsync(" " + Number, Details());
        await holds.PlaceOnSubjectAsync("alice@example.test", Details(tenantId: "tenant-b"));
        await holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), 7L, Details());
        await holds.PlaceOnRecordAsync(typeof(LegalHoldLongKeyRow), 8L, Details(tenantId: "tenant-b"));
        await holds.PlaceOnRecordAsync(typeof(LegalHoldGuidKeyRow), Guid.Empty, Details());
        var lifted = await holds.PlaceOnTenantAsync("tenant-lifted", Details());
        await holds.LiftAsync(lifted.Id, "x", "y");
        await holds.PlaceOnSubjectAsync("+12025550123", Details(expiresAt: Start + TimeSpan.FromMinutes(1)));
        Time.Advance(TimeSpan.FromMinutes(1));

        await using var db = host.CreateContext();
        var active = await LegalHoldReader.LoadAsync(db, Encryptor(host), Time.GetUtcNow(), default);

        Assert.Equal(["tenant-a"], active.Tenants.ToArray());
        Assert.Equal(["7", "8"], active.Records[typeof(LegalHoldLongKeyRow).FullName!].Order(StringComparer.Ordinal).ToArray());
        Assert.Equal([Guid.Empty.ToString("D")], active.Records[typeof(LegalHoldGuidKeyRow).FullName!]);
        Assert.Equal(
            [(Number, (string?)null), ("alice@example.test", "tenant-b")],
            active.Subjects.OrderBy(s => s.Identifier, StringComparer.Ordinal).ToArray());
        Assert.False(active.IsEmpty);
    }

    [SkippableFact]
    public async Task LoadAsync_EmptyTable_IsNone()
    {
        await using var host = await StartAsync();
        await using var db = host.CreateContext();

        var active = await LegalHoldReader.LoadAsync(db, Encryptor(host), Time.GetUtcNow(), default);

        Assert.True(active.IsEmpty);
    }

    [SkippableFact]
    public async Task LoadAsync_SubjectThatCannotBeDecrypted_ThrowsInsteadOfDroppingTheHold()
    {
        await using var host = await StartAsync();
        var hold = await Holds(host).PlaceOnSubjectAsync(Number, Details());
        await using (var db = host.CreateContext())
        {
            var stored = await db.Set<DataGuardLegalHoldEntity>().Select(h => h.SubjectValue).SingleAsync();
            var tampered = stored![..^4] + (stored[^4] == 'A' ? 'B' : 'A') + stored[^3..];
            await db.Set<DataGuardLegalHoldEntity>().ExecuteUpdateAsync(s => s.SetProperty(h => h.SubjectValue, tampered));
        }

        await using var context = host.CreateContext();
        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => LegalHoldReader.LoadAsync(context, Encryptor(host), Time.GetUtcNow(), default));

        Assert.Equal(LegalHoldReader.SubjectValueLogicalName, ex.Column);
        Assert.Contains(hold.Id.ToString("D"), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Digits, ex.Message, StringComparison.Ordinal);
        await context.Set<DataGuardLegalHoldEntity>().ExecuteUpdateAsync(s => s.SetProperty(h => h.SubjectValue, (string?)null));
        await Assert.ThrowsAsync<DataGuardCryptographicException>(() => LegalHoldReader.LoadAsync(context, Encryptor(host), Time.GetUtcNow(), default));
    }

    [SkippableFact]
    public async Task LoadAsync_MalformedRow_ThrowsInsteadOfIgnoringTheHold()
    {
        await using var host = await StartAsync();
        var hold = await Holds(host).PlaceOnTenantAsync("tenant-a", Details());
        await using var db = host.CreateContext();
        await db.Set<DataGuardLegalHoldEntity>().ExecuteUpdateAsync(s => s.SetProperty(h => h.TenantId, (string?)null));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => LegalHoldReader.LoadAsync(db, Encryptor(host), Time.GetUtcNow(), default));

        Assert.Contains(hold.Id.ToString("D"), ex.Message, StringComparison.Ordinal);
    }

    protected static ILegalHoldService Holds(TestHost<LegalHoldDbContext> host) => host.Services.GetRequiredService<ILegalHoldService>();

    private static FieldEncryptor Encryptor(TestHost<LegalHoldDbContext> host) => host.Services.GetRequiredService<FieldEncryptor>();

    protected static LegalHoldDetails Details(
        string reason = "case-1",
        string placedBy = "legal",
        DateTimeOffset? expiresAt = null,
        string? tenantId = null)
        => new() { Reason = reason, PlacedBy = placedBy, ExpiresAt = expiresAt, TenantId = tenantId };

    protected Task<TestHost<LegalHoldDbContext>> StartAsync()
        => TestHost<LegalHoldDbContext>.StartAsync(
            Database,
            configure: dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN"),
            services: s =>
            {
                s.Replace(ServiceDescriptor.Singleton<IAuditSink>(Audit));
                s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
            });

    /// <summary>Every cell of the hold table as text, read with plain SQL.</summary>
    private static async Task<List<string>> AllCellsAsync(TestHost<LegalHoldDbContext> host)
    {
        await using var db = host.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM \"DataGuardLegalHolds\"";
        await using var reader = await command.ExecuteReaderAsync();
        var cells = new List<string>();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (!await reader.IsDBNullAsync(i))
                {
                    cells.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                }
            }
        }

        return cells;
    }
}
