// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Encryption;
using DataGuard.EFCore.Tests.Fixtures;
using DataGuard.EFCore.Tests.Model;
using DataGuard.Encryption;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.EFCore.Tests.Encryption;

/// <summary>The key ring stored in the <c>DataGuardKeys</c> table of the application's context, on a SQLite file.</summary>
public sealed class DbContextKeyStoreTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    [Fact]
    public void UseEntityFrameworkCore_RegistersTheContextKeyStore()
    {
        var store = fixture.Host.Services.GetRequiredService<IKeyStore>();

        var typed = Assert.IsType<DbContextKeyStore<TestDbContext>>(store);
        Assert.Equal(typeof(TestDbContext), typed.ContextType);
    }

    [Fact]
    public async Task AddKeyAsync_ThenGetKeysAsync_RoundTripsEveryField()
    {
        var store = Store();
        var record = NewRecord();

        await store.AddKeyAsync(record, CancellationToken.None);
        var read = (await store.GetKeysAsync(CancellationToken.None)).Single(k => k.Id == record.Id);

        Assert.Equal(record.Purpose, read.Purpose);
        Assert.Equal(record.Scope, read.Scope);
        Assert.Equal(record.CreatedAt, read.CreatedAt);
        Assert.Equal(record.ActivatedAt, read.ActivatedAt);
        Assert.Null(read.DestroyedAt);
        Assert.Equal(record.WrappedKey.ToArray(), read.WrappedKey.ToArray());
        Assert.Equal(record.KeyEncryptionKeyId, read.KeyEncryptionKeyId);
    }

    [Fact]
    public async Task GetKeysAsync_AfterHostStart_HoldsTheActiveKeysOfTheRing()
    {
        var keys = await Store().GetKeysAsync(CancellationToken.None);

        foreach (var active in fixture.Host.KeyRing.GetKeys().Where(k => k.IsActive))
        {
            Assert.Contains(keys, k => k.Id == active.Id && k.Purpose == active.Purpose && !k.WrappedKey.IsEmpty);
        }
    }

    [Fact]
    public async Task MarkDestroyedAsync_ErasesWrappedKeyAndRecordsTime()
    {
        var store = Store();
        var record = NewRecord();
        await store.AddKeyAsync(record, CancellationToken.None);
        var destroyedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

        await store.MarkDestroyedAsync(record.Id, destroyedAt, CancellationToken.None);
        var read = (await store.GetKeysAsync(CancellationToken.None)).Single(k => k.Id == record.Id);

        Assert.Equal(destroyedAt, read.DestroyedAt);
        Assert.True(read.WrappedKey.IsEmpty);
        await using var db = fixture.Host.CreateContext();
        var raw = await db.Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"DataGuardKeys\" WHERE \"Id\" = {0} AND \"WrappedKey\" IS NULL", record.Id.Value)
            .SingleAsync();
        Assert.Equal(1, raw);
    }

    [Fact]
    public async Task MarkDestroyedAsync_LeavesOtherKeysIntact()
    {
        var store = Store();
        var kept = NewRecord();
        var destroyed = NewRecord();
        await store.AddKeyAsync(kept, CancellationToken.None);
        await store.AddKeyAsync(destroyed, CancellationToken.None);

        await store.MarkDestroyedAsync(destroyed.Id, DateTimeOffset.UnixEpoch, CancellationToken.None);
        var read = (await store.GetKeysAsync(CancellationToken.None)).Single(k => k.Id == kept.Id);

        Assert.Null(read.DestroyedAt);
        Assert.Equal(kept.WrappedKey.ToArray(), read.WrappedKey.ToArray());
    }

    [Fact]
    public async Task MarkDestroyedAsync_UnknownId_Throws()
    {
        var unknown = KeyId.New();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Store().MarkDestroyedAsync(unknown, DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Contains(unknown.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("DataGuardKeys", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddKeyAsync_DuplicateId_Throws()
    {
        var store = Store();
        var record = NewRecord();
        await store.AddKeyAsync(record, CancellationToken.None);

        await Assert.ThrowsAsync<DbUpdateException>(() => store.AddKeyAsync(record, CancellationToken.None));
    }

    [Fact]
    public async Task AddKeyAsync_Null_Throws()
        => await Assert.ThrowsAsync<ArgumentNullException>(() => Store().AddKeyAsync(null!, CancellationToken.None));

    [Fact]
    public async Task GetKeysAsync_ContextWithoutKeyTable_ThrowsNamingAddDataGuard()
    {
        var services = new ServiceCollection();
        services.AddDbContext<NoKeyTableDbContext>(o => o.UseSqlite(fixture.Host.ConnectionString).UseDataGuard(ModelServices.WithFieldEncryption));
        await using var provider = services.BuildServiceProvider();
        var store = new DbContextKeyStore<NoKeyTableDbContext>(provider.GetRequiredService<IServiceScopeFactory>());

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetKeysAsync(CancellationToken.None));

        Assert.Contains("modelBuilder.AddDataGuard()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDataGuard_MapsKeyTable()
    {
        await using var db = fixture.Host.CreateContext();

        var entity = db.Model.FindEntityType(typeof(DataGuardKeyEntity));

        Assert.NotNull(entity);
        Assert.Equal(DataGuardModelBuilderExtensions.KeyTableName, entity.GetTableName());
        Assert.Throws<ArgumentNullException>(() => DataGuardModelBuilderExtensions.AddDataGuard(null!));
    }

    private IKeyStore Store() => fixture.Host.Services.GetRequiredService<IKeyStore>();

    private static KeyRecord NewRecord() => new()
    {
        Id = KeyId.New(),
        Purpose = KeyPurpose.DataEncryption,
        Scope = "tenant-42",
        CreatedAt = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
        ActivatedAt = new DateTimeOffset(2024, 1, 2, 4, 4, 5, TimeSpan.FromHours(2)),
        WrappedKey = new byte[] { 1, 2, 3, 4, 5, 250 },
        KeyEncryptionKeyId = "test-kek",
    };
}
