// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Encryption;
using DataGuard.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class KeyRingTests
{
    private const string Sample = "+91 98765 43210";

    // ---------------------------------------------------------------- loading

    [Fact]
    public async Task InitializeAsync_EmptyStore_CreatesOneActiveDataKeyAndOneActiveIndexKey()
    {
        using var kek = new RecordingKeyEncryptionKey();
        await using var harness = await EncryptionHarness.CreateAsync(keyEncryptionKey: kek);

        var keys = harness.Manager.GetKeys();
        var records = harness.Store.Records;

        Assert.Equal(2, keys.Count);
        Assert.Single(keys, k => k.Purpose == KeyPurpose.DataEncryption && k.IsActive);
        Assert.Single(keys, k => k.Purpose == KeyPurpose.BlindIndex && k.IsActive);
        Assert.Equal(keys.Select(k => k.Id.Value).Order(), records.Select(r => r.Id.Value).Order());
        Assert.All(records, r =>
        {
            Assert.Equal("test-kek", r.KeyEncryptionKeyId);
            Assert.Null(r.DestroyedAt);
            Assert.False(r.WrappedKey.Span.SequenceEqual(kek.MaterialOf(r.Id)), "A stored key must be wrapped, not plaintext.");
            Assert.Equal(32, kek.MaterialOf(r.Id).Length);
        });
    }

    [Fact]
    public async Task InitializeAsync_Twice_ReadsStoreOnce()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var reads = harness.Store.Reads;

        await harness.Manager.InitializeAsync();

        Assert.Equal(reads, harness.Store.Reads);
        Assert.True(harness.Ring.IsLoaded);
    }

    [Fact]
    public async Task Current_NotInitialized_LoadsOnFirstUse()
    {
        await using var harness = await EncryptionHarness.CreateAsync(initialize: false);
        Assert.False(harness.Ring.IsLoaded);

        var protector = harness.CreateProtector();

        Assert.Equal(Sample, protector.DecryptString(protector.EncryptString(Sample)));
        Assert.True(harness.Ring.IsLoaded);
        Assert.Equal(2, harness.Store.Records.Count);
    }

    [Fact]
    public async Task InitializeAsync_ExistingStore_LoadsKeysWithoutCreatingNew()
    {
        using var kek = new RecordingKeyEncryptionKey();
        var store = new InMemoryKeyStore();
        string stored;
        await using (var first = await EncryptionHarness.CreateAsync(store: store, keyEncryptionKey: kek))
        {
            stored = first.CreateProtector().EncryptString(Sample);
        }

        await using var second = await EncryptionHarness.CreateAsync(store: store, keyEncryptionKey: kek);

        Assert.Equal(2, store.Records.Count);
        Assert.Equal(Sample, second.CreateProtector().DecryptString(stored));
    }

    [Fact]
    public async Task GetKeys_AfterRotationAndDestruction_ListsMetadataOldestFirst()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(time: time);
        var first = harness.Manager.GetKeys().Single(k => k.Purpose == KeyPurpose.DataEncryption).Id;
        time.Advance(TimeSpan.FromHours(1));
        var second = await harness.Manager.RotateDataKeyAsync();
        time.Advance(TimeSpan.FromHours(1));
        await harness.Manager.DestroyKeyAsync(first);

        var keys = harness.Manager.GetKeys().Where(k => k.Purpose == KeyPurpose.DataEncryption).ToList();

        Assert.Equal([first, second], keys.Select(k => k.Id));
        Assert.Equal(time.Start, keys[0].CreatedAt);
        Assert.Equal(time.Start, keys[0].ActivatedAt);
        Assert.Equal(time.Start.AddHours(2), keys[0].DestroyedAt);
        Assert.False(keys[0].IsActive);
        Assert.Equal(time.Start.AddHours(1), keys[1].ActivatedAt);
        Assert.True(keys[1].IsActive);
        Assert.Null(keys[1].DestroyedAt);
        Assert.All(keys, k => Assert.Null(k.UnavailableReason));
    }

    // ---------------------------------------------------------------- unknown keys

    [Fact]
    public async Task FindKey_UnknownKey_RefreshesStoreAtMostOncePerCooldown()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(o => o.UnknownKeyRefreshCooldown = TimeSpan.FromSeconds(30), time: time);
        await using var other = await EncryptionHarness.CreateAsync();
        var foreign = other.CreateProtector().EncryptString(Sample);
        var protector = harness.CreateProtector();
        var reads = harness.Store.Reads;

        // The first unknown id reloads the ring at once, even right after a load (another instance may have just added the key).
        EncryptionAssert.Fails(() => protector.DecryptString(foreign), CryptographicFailureReason.KeyNotFound, Sample);
        Assert.Equal(reads + 1, harness.Store.Reads);

        // Within the cooldown, however many unknown ids arrive, the store is not read again.
        for (var i = 0; i < 5; i++)
        {
            EncryptionAssert.Fails(() => protector.DecryptString(foreign), CryptographicFailureReason.KeyNotFound, Sample);
            Assert.Null(harness.Ring.FindKey(KeyId.New()));
        }

        time.Advance(TimeSpan.FromSeconds(29));
        EncryptionAssert.Fails(() => protector.DecryptString(foreign), CryptographicFailureReason.KeyNotFound, Sample);
        Assert.Equal(reads + 1, harness.Store.Reads);

        // Once the cooldown has passed, one unknown id reloads the ring once more.
        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(harness.Ring.FindKey(KeyId.New()));
        }

        Assert.Equal(reads + 2, harness.Store.Reads);
    }

    [Fact]
    public async Task FindKey_KeyAddedByAnotherInstanceRightAfterLoad_FoundWithoutWaiting()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryKeyStore();
        var keysDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dataguard-dpkeys-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            void SharedDataProtection(IServiceCollection s) => s.AddDataProtection().SetApplicationName("DataGuard.Tests").PersistKeysToFileSystem(new System.IO.DirectoryInfo(keysDirectory));
            await using var first = await EncryptionHarness.CreateAsync(store: store, time: time, dataProtection: SharedDataProtection);
            await using var second = await EncryptionHarness.CreateAsync(store: store, time: time, dataProtection: SharedDataProtection);
            await first.Manager.RefreshAsync();

            await second.Manager.RotateDataKeyAsync();
            var stored = second.CreateProtector().EncryptString(Sample);

            Assert.Equal(Sample, first.CreateProtector().DecryptString(stored));
        }
        finally
        {
            if (System.IO.Directory.Exists(keysDirectory))
            {
                System.IO.Directory.Delete(keysDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task FindKey_ManyReadersMeetANewKeyAtOnce_AllWaitForOneReload()
    {
        var store = new InMemoryKeyStore();
        var keysDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dataguard-dpkeys-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            void SharedDataProtection(IServiceCollection s) => s.AddDataProtection().SetApplicationName("DataGuard.Tests").PersistKeysToFileSystem(new System.IO.DirectoryInfo(keysDirectory));
            await using var first = await EncryptionHarness.CreateAsync(store: store, dataProtection: SharedDataProtection);
            await using var second = await EncryptionHarness.CreateAsync(store: store, dataProtection: SharedDataProtection);
            await second.Manager.RotateDataKeyAsync();
            var stored = second.CreateProtector().EncryptString(Sample);
            var reader = first.CreateProtector();
            var reads = store.Reads;
            using var start = new System.Threading.Barrier(8);

            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return reader.DecryptString(stored);
                },
                System.Threading.CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)));

            Assert.All(results, r => Assert.Equal(Sample, r));
            Assert.Equal(reads + 1, store.Reads);
        }
        finally
        {
            if (System.IO.Directory.Exists(keysDirectory))
            {
                System.IO.Directory.Delete(keysDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task FindKey_UnknownKeyWhileStoreFails_KeyNotFoundAndStoreTriedOncePerCooldown()
    {
        var time = new FakeTimeProvider();
        var store = new SwitchableKeyStore(new InMemoryKeyStore());
        await using var harness = await EncryptionHarness.CreateAsync(
            o => o.UnknownKeyRefreshCooldown = TimeSpan.FromSeconds(30),
            time: time,
            services: s => s.AddSingleton<IKeyStore>(store));
        await using var other = await EncryptionHarness.CreateAsync();
        var foreign = other.CreateProtector().EncryptString(Sample);
        var protector = harness.CreateProtector();
        var own = protector.EncryptString(Sample);
        store.Failing = true;
        time.Advance(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 3; i++)
        {
            EncryptionAssert.Fails(() => protector.DecryptString(foreign), CryptographicFailureReason.KeyNotFound, Sample);
        }

        Assert.Equal(1, store.FailedReads);
        Assert.Equal(Sample, protector.DecryptString(own));
        time.Advance(TimeSpan.FromSeconds(30));
        EncryptionAssert.Fails(() => protector.DecryptString(foreign), CryptographicFailureReason.KeyNotFound, Sample);
        Assert.Equal(2, store.FailedReads);
    }

    [Fact]
    public async Task FindKey_KnownKey_NeverReadsStore()
    {
        await using var harness = await EncryptionHarness.CreateAsync(o => o.UnknownKeyRefreshCooldown = TimeSpan.Zero);
        var protector = harness.CreateProtector();
        var stored = protector.EncryptString(Sample);
        var reads = harness.Store.Reads;

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(Sample, protector.DecryptString(stored));
        }

        Assert.Equal(reads, harness.Store.Reads);
    }

    // ---------------------------------------------------------------- rotation

    [Fact]
    public async Task RotateDataKeyAsync_FrozenClock_NewKeyStillStrictlyNewerAndActive()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(time: time);
        var protector = harness.CreateProtector();
        var values = new[] { protector.EncryptString(Sample) }.ToList();

        for (var i = 0; i < 3; i++)
        {
            var id = await harness.Manager.RotateDataKeyAsync();
            Assert.Equal(id, harness.Ring.Current.ActiveDataKey.Id);
            Assert.Equal(id, protector.ActiveKeyId);
            var value = protector.EncryptString(Sample);
            Assert.Equal(id, EncryptionAssert.KeyIdOf(value));
            values.Add(value);
        }

        Assert.Equal(4, values.Select(EncryptionAssert.KeyIdOf).Distinct().Count());
        Assert.All(values, v => Assert.Equal(Sample, protector.DecryptString(v)));
    }

    [Fact]
    public async Task RotateIndexKeyAsync_NewIndexKeyActive_DataKeyUnchanged()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var dataKey = harness.Ring.Current.ActiveDataKey.Id;

        var indexKey = await harness.Manager.RotateIndexKeyAsync();

        Assert.Equal(indexKey, harness.Ring.Current.ActiveIndexKey.Id);
        Assert.Equal(dataKey, harness.Ring.Current.ActiveDataKey.Id);
        Assert.Equal(2, harness.Ring.Current.QueryIndexKeys.Length);
        Assert.Equal(indexKey, harness.Ring.Current.QueryIndexKeys[0].Id);
    }

    [Fact]
    public async Task RotateIfExpiredAsync_ActiveKeyOlderThanLifetime_Rotates()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(o => o.DataKeyLifetime = TimeSpan.FromDays(2), time: time);
        var protector = harness.CreateProtector();
        var first = protector.ActiveKeyId;
        var old = protector.EncryptString(Sample);

        time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromTicks(1));
        await harness.Ring.RotateIfExpiredAsync(default);
        Assert.Equal(first, protector.ActiveKeyId);

        time.Advance(TimeSpan.FromTicks(1));
        await harness.Ring.RotateIfExpiredAsync(default);
        var second = protector.ActiveKeyId;
        Assert.NotEqual(first, second);
        Assert.Equal(second, EncryptionAssert.KeyIdOf(protector.EncryptString(Sample)));
        Assert.Equal(Sample, protector.DecryptString(old));

        // The new key's lifetime starts now.
        time.Advance(TimeSpan.FromDays(1));
        await harness.Ring.RotateIfExpiredAsync(default);
        Assert.Equal(second, protector.ActiveKeyId);
    }

    [Fact]
    public async Task RotateIfExpiredAsync_LifetimeNull_NeverRotates()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(o => o.DataKeyLifetime = null, time: time);
        var first = harness.Ring.Current.ActiveDataKey.Id;

        time.Advance(TimeSpan.FromDays(3650));
        await harness.Ring.RotateIfExpiredAsync(default);

        Assert.Equal(first, harness.Ring.Current.ActiveDataKey.Id);
        Assert.Single(harness.Manager.GetKeys(), k => k.Purpose == KeyPurpose.DataEncryption);
    }

    // ---------------------------------------------------------------- destruction

    [Fact]
    public async Task DestroyKeyAsync_ActiveDataKey_RefusedAndKeyStillUsable()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector();
        var stored = protector.EncryptString(Sample);
        var active = protector.ActiveKeyId;

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Manager.DestroyKeyAsync(active));

        Assert.Contains(active.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("Rotate first", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Sample, protector.DecryptString(stored));
        Assert.All(harness.Store.Records, r => Assert.Null(r.DestroyedAt));
    }

    [Fact]
    public async Task DestroyKeyAsync_ActiveIndexKey_Refused()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var index = harness.Ring.Current.ActiveIndexKey.Id;

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Manager.DestroyKeyAsync(index));

        Assert.Contains(index.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("BlindIndex", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DestroyKeyAsync_UnknownKey_Refused()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var unknown = KeyId.New();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Manager.DestroyKeyAsync(unknown));

        Assert.Contains(unknown.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyPurpose.DataEncryption)]
    [InlineData(KeyPurpose.BlindIndex)]
    public async Task DestroyKeyAsync_SupersededLessThanTwoRefreshIntervalsAgo_RefusedThenAllowed(KeyPurpose purpose)
    {
        // Other instances keep writing under a superseded key until their next refresh.
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(o => o.KeyRefreshInterval = TimeSpan.FromMinutes(5), time: time);
        var old = harness.Manager.GetKeys().Single(k => k.IsActive && k.Purpose == purpose).Id;
        _ = purpose == KeyPurpose.DataEncryption ? await harness.Manager.RotateDataKeyAsync() : await harness.Manager.RotateIndexKeyAsync();
        time.Advance(TimeSpan.FromMinutes(9));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Manager.DestroyKeyAsync(old));

        Assert.Contains(old.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("KeyRefreshInterval", ex.Message, StringComparison.Ordinal);
        Assert.False(harness.Manager.GetKeys().Single(k => k.Id == old).DestroyedAt.HasValue);
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await harness.Manager.DestroyKeyAsync(old);
        Assert.True(harness.Manager.GetKeys().Single(k => k.Id == old).DestroyedAt.HasValue);
    }

    [Fact]
    public async Task DestroyKeyAsync_OldDataKey_ErasedFromStoreAndDestroyedAfterRestart()
    {
        using var kek = new RecordingKeyEncryptionKey();
        var store = new InMemoryKeyStore();
        var time = new FakeTimeProvider();
        string stored;
        KeyId old;
        await using (var harness = await EncryptionHarness.CreateAsync(store: store, keyEncryptionKey: kek, time: time))
        {
            var protector = harness.CreateProtector();
            stored = protector.EncryptString(Sample);
            old = protector.ActiveKeyId;
            await harness.Manager.RotateDataKeyAsync();
            time.Advance(TimeSpan.FromMinutes(11));
            await harness.Manager.DestroyKeyAsync(old);
        }

        var record = store.Records.Single(r => r.Id == old);
        Assert.NotNull(record.DestroyedAt);
        Assert.True(record.WrappedKey.IsEmpty);

        await using var restarted = await EncryptionHarness.CreateAsync(store: store, keyEncryptionKey: kek);
        var ex = Assert.Throws<DataGuardKeyDestroyedException>(() => restarted.CreateProtector().DecryptString(stored));
        Assert.Equal(old, ex.KeyId);
        Assert.NotNull(restarted.Manager.GetKeys().Single(k => k.Id == old).DestroyedAt);
    }

    // ---------------------------------------------------------------- unavailable keys

    [Fact]
    public async Task InitializeAsync_OtherDataProtectionKeys_KeyUnavailableNamingKeyAndFix()
    {
        await using var first = await EncryptionHarness.CreateAsync();
        await using var second = await EncryptionHarness.CreateAsync(store: first.Store, initialize: false);
        var records = first.Store.Records;

        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => second.Manager.InitializeAsync());

        Assert.Equal(CryptographicFailureReason.KeyUnavailable, ex.Reason);
        Assert.NotNull(ex.KeyId);
        Assert.Contains(ex.KeyId.Value, records.Select(r => r.Id));
        Assert.Contains(ex.KeyId.Value.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("Data Protection key ring", ex.Message, StringComparison.Ordinal);
        Assert.Contains("application name", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.Column);
        Assert.IsAssignableFrom<System.Security.Cryptography.CryptographicException>(ex.InnerException);
        EncryptionAssert.NoSecrets(ex, records.SelectMany(r => EncryptionAssert.FormsOf(r.WrappedKey.ToArray())).ToArray());
        Assert.Equal(2, first.Store.Records.Count);
    }

    [Fact]
    public async Task InitializeAsync_DataProtectionWrappedBytesChanged_KeyUnavailable()
    {
        var provider = new EphemeralDataProtectionProvider();
        await using var first = await EncryptionHarness.CreateAsync(dataProtection: s => s.AddSingleton<IDataProtectionProvider>(provider));
        Assert.Same(provider, first.Services.GetRequiredService<IDataProtectionProvider>());
        var record = first.Store.Records.First(r => r.Purpose == KeyPurpose.DataEncryption);
        var wrapped = record.WrappedKey.ToArray();
        wrapped[^5] ^= 0x01;
        first.Store.Replace(Copy(record, wrappedKey: wrapped));

        await using var second = await EncryptionHarness.CreateAsync(store: first.Store, dataProtection: s => s.AddSingleton<IDataProtectionProvider>(provider), initialize: false);
        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => second.Manager.InitializeAsync());

        Assert.Equal(CryptographicFailureReason.KeyUnavailable, ex.Reason);
        Assert.Equal(record.Id, ex.KeyId);
        Assert.Contains(record.Id.ToString(), ex.Message, StringComparison.Ordinal);
        EncryptionAssert.NoSecrets(ex, EncryptionAssert.FormsOf(wrapped));
    }

    [Theory]
    [InlineData("changed", "could not unwrap it")]
    [InlineData("empty", "holds no wrapped material")]
    [InlineData("other-kek", "wrapped by key-encryption key 'other-kek', but this application uses 'test-kek'")]
    [InlineData("short", "is not 32 bytes")]

    // A writer of the key store cannot re-activate an old key, re-purpose it or re-scope it: the metadata is sealed in the wrap.
    [InlineData("reactivated", "activation time differs")]
    [InlineData("sub-millisecond", "activation time differs")]
    [InlineData("repurposed", "purpose differs")]
    [InlineData("rescoped", "scope differs")]
    [InlineData("unsealed", "holds no sealed metadata")]
    public async Task InitializeAsync_CorruptKeyRow_KeyUnavailableNamingKeyWithoutKeyBytes(string corruption, string expected)
    {
        using var kek = new RecordingKeyEncryptionKey();
        var store = new InMemoryKeyStore();
        await using (await EncryptionHarness.CreateAsync(store: store, keyEncryptionKey: kek))
        {
        }

        var record = store.Records.Single(r => r.Purpose == KeyPurpose.DataEncryption);
        var material = kek.MaterialOf(record.Id);
        var wrapped = record.WrappedKey.ToArray();
        var payload = kek.PayloadOf(record.Id);
        var changed = corruption switch
        {
            "changed" => Copy(record, wrappedKey: Flip(wrapped, 20)),
            "empty" => Copy(record, wrappedKey: []),
            "other-kek" => Copy(record, keyEncryptionKeyId: "other-kek"),
            "reactivated" => Copy(record, activatedAt: record.ActivatedAt.AddYears(1)),
            "sub-millisecond" => Copy(record, activatedAt: record.ActivatedAt.AddTicks(1)),
            "repurposed" => Copy(record, purpose: KeyPurpose.BlindIndex),
            "rescoped" => Copy(record, scope: "tenant-7"),

            // Material wrapped without sealed metadata (as a forged row, or a key ring that did not seal it, would hold).
            "unsealed" => Copy(record, wrappedKey: await kek.WrapKeyAsync(material, record.Id, default)),

            // Sealed metadata that matches the row, but 16 bytes of key material.
            _ => Copy(record, wrappedKey: await kek.WrapKeyAsync(payload.AsMemory(0, payload.Length - 16), record.Id, default)),
        };
        store.Replace(changed);

        await using var restarted = await EncryptionHarness.CreateAsync(store: store, keyEncryptionKey: kek, initialize: false);
        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => restarted.Manager.InitializeAsync());

        Assert.Equal(CryptographicFailureReason.KeyUnavailable, ex.Reason);
        Assert.Equal(record.Id, ex.KeyId);
        Assert.Contains($"DataGuard key {record.Id} ({changed.Purpose}) is unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        EncryptionAssert.NoSecrets(ex, [.. EncryptionAssert.FormsOf(material), .. EncryptionAssert.FormsOf(wrapped), .. EncryptionAssert.FormsOf(material[..16])]);
    }

    [Fact]
    public async Task AnOldKeyReactivatedInTheStore_IsNeverUsed_ARunningRingKeepsItsActiveKey_AndANewInstanceRefusesToStart()
    {
        // The attack the sealed metadata stops: move an old data key's activation past the active one's, so that new values are
        // encrypted under the old key (which may be the one the rotation retired).
        using var kek = new RecordingKeyEncryptionKey();
        var time = new FakeTimeProvider();
        await using var running = await EncryptionHarness.CreateAsync(keyEncryptionKey: kek, time: time);
        var old = running.Ring.Current.ActiveDataKey.Id;
        time.Advance(TimeSpan.FromMinutes(1));
        var rotated = await running.Manager.RotateDataKeyAsync();
        var record = running.Store.Records.Single(r => r.Id == old);
        running.Store.Replace(Copy(record, activatedAt: record.ActivatedAt.AddDays(1)));

        await running.Manager.RefreshAsync();
        Assert.Equal(rotated, running.Ring.Current.ActiveDataKey.Id);

        await using var starting = await EncryptionHarness.CreateAsync(store: running.Store, keyEncryptionKey: kek, time: time, initialize: false);
        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => starting.Manager.InitializeAsync());
        Assert.Equal(old, ex.KeyId);
        Assert.Contains("activation time differs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheActiveKeyMarkedDestroyedInTheStore_DoesNotBringTheRetiredKeyBack_ANewKeyIsCreated()
    {
        // The ring never destroys its active key. Marked destroyed behind its back (to fall back to the retired key), the ring creates
        // a new key newer than both instead: running instances at the next refresh, and an instance that starts afterwards.
        using var kek = new RecordingKeyEncryptionKey();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        await using var running = await EncryptionHarness.CreateAsync(keyEncryptionKey: kek, time: time);
        var retired = running.Ring.Current.ActiveDataKey.Id;
        time.Advance(TimeSpan.FromMinutes(1));
        var rotated = await running.Manager.RotateDataKeyAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        await running.Store.MarkDestroyedAsync(rotated, time.GetUtcNow(), default);

        await running.Manager.RefreshAsync();
        var fresh = running.Ring.Current.ActiveDataKey.Id;

        Assert.NotEqual(retired, fresh);
        Assert.NotEqual(rotated, fresh);
        Assert.True(running.Ring.Current.ActiveDataKey.ActivatedAt > running.Store.Records.Single(r => r.Id == rotated).ActivatedAt);
        await using var starting = await EncryptionHarness.CreateAsync(store: running.Store, keyEncryptionKey: kek, time: time);
        Assert.Equal(fresh, starting.Ring.Current.ActiveDataKey.Id);
        Assert.Equal(3, running.Store.Records.Count(r => r.Purpose == KeyPurpose.DataEncryption));
    }

    [Fact]
    public async Task ForgedRowsDatedInTheFuture_DoNotDateNewKeysAfterThem_NorBlockRotation()
    {
        // Rows a key-store writer forges cannot be unwrapped (unavailable) or hold no material (destroyed): their dates are not trusted,
        // so a rotation still dates its key now, in whole milliseconds, and a forged destroyed row dated in the future changes nothing.
        using var kek = new RecordingKeyEncryptionKey();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        await using var ring = await EncryptionHarness.CreateAsync(keyEncryptionKey: kek, time: time);
        var active = ring.Ring.Current.ActiveDataKey;
        var template = ring.Store.Records.Single(r => r.Id == active.Id);
        await ring.Store.AddKeyAsync(Forged(template, time.GetUtcNow().AddYears(10).AddTicks(1), destroyed: false), default);
        await ring.Store.AddKeyAsync(Forged(template, DateTimeOffset.MaxValue.AddDays(-1), destroyed: true), default);
        await ring.Manager.RefreshAsync();
        Assert.Equal(active.Id, ring.Ring.Current.ActiveDataKey.Id);

        time.Advance(TimeSpan.FromMinutes(1));
        var rotated = await ring.Manager.RotateDataKeyAsync();

        var record = ring.Store.Records.Single(r => r.Id == rotated);
        Assert.Equal(time.GetUtcNow(), record.ActivatedAt);
        Assert.Equal(rotated, ring.Ring.Current.ActiveDataKey.Id);
        await using var restarted = await EncryptionHarness.CreateAsync(store: ring.Store, keyEncryptionKey: kek, time: time, initialize: false);
        await Assert.ThrowsAsync<DataGuardCryptographicException>(() => restarted.Manager.InitializeAsync()); // the forged unwrappable row (fail closed)

        static KeyRecord Forged(KeyRecord template, DateTimeOffset activatedAt, bool destroyed) => new()
        {
            Id = KeyId.New(),
            Purpose = template.Purpose,
            CreatedAt = activatedAt,
            ActivatedAt = activatedAt,
            DestroyedAt = destroyed ? activatedAt : null,
            WrappedKey = destroyed ? ReadOnlyMemory<byte>.Empty : template.WrappedKey,
            KeyEncryptionKeyId = template.KeyEncryptionKeyId,
        };
    }

    [Fact]
    public async Task RefreshAsync_NewKeyRowCorrupt_KeyUnavailableInsteadOfThrowing()
    {
        using var kek = new RecordingKeyEncryptionKey();
        var time = new FakeTimeProvider();
        await using var mine = await EncryptionHarness.CreateAsync(keyEncryptionKey: kek, time: time);
        await using var theirs = await EncryptionHarness.CreateAsync(store: mine.Store, keyEncryptionKey: kek, time: time);
        var active = mine.Ring.Current.ActiveDataKey.Id;
        time.Advance(TimeSpan.FromMinutes(1));
        var rotated = await theirs.Manager.RotateDataKeyAsync();
        var stored = theirs.CreateProtector().EncryptString(Sample);
        var record = mine.Store.Records.Single(r => r.Id == rotated);
        mine.Store.Replace(Copy(record, wrappedKey: Flip(record.WrappedKey.ToArray(), 3)));

        await mine.Manager.RefreshAsync();

        // The corrupt key is never made active, and values under it fail with a reason that names it.
        Assert.Equal(active, mine.Ring.Current.ActiveDataKey.Id);
        Assert.Contains("could not unwrap", mine.Manager.GetKeys().Single(k => k.Id == rotated).UnavailableReason, StringComparison.Ordinal);
        var ex = EncryptionAssert.Fails(() => mine.CreateProtector().DecryptString(stored), CryptographicFailureReason.KeyUnavailable, Sample);
        Assert.Contains(rotated.ToString(), ex.Message, StringComparison.Ordinal);
        EncryptionAssert.NoSecrets(ex, EncryptionAssert.FormsOf(kek.MaterialOf(rotated)));
    }

    [Fact]
    public async Task RefreshAsync_IndexKeyCorrupt_ProtectorReportsAnUnavailableIndexKey_AndItsCandidatesLeaveItOut()
    {
        using var kek = new RecordingKeyEncryptionKey();
        var time = new FakeTimeProvider();
        await using var mine = await EncryptionHarness.CreateAsync(keyEncryptionKey: kek, time: time);
        await using var theirs = await EncryptionHarness.CreateAsync(store: mine.Store, keyEncryptionKey: kek, time: time);
        Assert.False(mine.CreateProtector().HasUnavailableIndexKeys);
        time.Advance(TimeSpan.FromMinutes(1));
        var rotated = await theirs.Manager.RotateIndexKeyAsync();
        var record = mine.Store.Records.Single(r => r.Id == rotated);
        mine.Store.Replace(Copy(record, wrappedKey: Flip(record.WrappedKey.ToArray(), 3)));

        await mine.Manager.RefreshAsync();

        // Equality lookups quietly match fewer rows; legal holds (retention) use this to fail closed instead.
        var protector = mine.CreateProtector();
        Assert.True(protector.HasUnavailableIndexKeys);
        Assert.Single(protector.ComputeBlindIndexCandidates(Sample));
        Assert.Equal(2, theirs.CreateProtector().ComputeBlindIndexCandidates(Sample).Length);
        Assert.False(theirs.CreateProtector().HasUnavailableIndexKeys);
    }

    // ---------------------------------------------------------------- several instances

    [Fact]
    public async Task TwoInstances_SharedStoreAndDataProtectionKeys_SeeTheSameKeys()
    {
        var directory = Directory.CreateTempSubdirectory("dataguard-dpkeys-");
        try
        {
            var time = new FakeTimeProvider();
            var store = new InMemoryKeyStore();
            void SharedDataProtection(IServiceCollection services) => services.AddDataProtection()
                .SetApplicationName("DataGuard.Tests.Shared")
                .PersistKeysToFileSystem(directory);

            await using var first = await EncryptionHarness.CreateAsync(store: store, time: time, dataProtection: SharedDataProtection);
            await using var second = await EncryptionHarness.CreateAsync(store: store, time: time, dataProtection: SharedDataProtection);
            var one = first.CreateProtector(searchable: true);
            var two = second.CreateProtector(searchable: true);

            Assert.Equal(2, store.Records.Count);
            Assert.Equal(one.ActiveKeyId, two.ActiveKeyId);
            Assert.Equal(Sample, two.DecryptString(one.EncryptString(Sample)));
            Assert.Equal(Sample, one.DecryptString(two.EncryptString(Sample)));
            Assert.Equal(one.ComputeBlindIndex(Sample), two.ComputeBlindIndex(Sample));

            // A key rotated by the first instance is found by the second at once, through one unknown-key refresh.
            var rotated = await first.Manager.RotateDataKeyAsync();
            var fresh = one.EncryptString(Sample);
            Assert.Equal(rotated, EncryptionAssert.KeyIdOf(fresh));
            var reads = store.Reads;

            Assert.Equal(Sample, two.DecryptString(fresh));
            Assert.Equal(reads + 1, store.Reads);
            Assert.Equal(rotated, two.ActiveKeyId);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TwoInstances_SharedStoreOtherApplicationName_KeyUnavailable()
    {
        var directory = Directory.CreateTempSubdirectory("dataguard-dpkeys-");
        try
        {
            var store = new InMemoryKeyStore();
            await using var first = await EncryptionHarness.CreateAsync(
                store: store,
                dataProtection: s => s.AddDataProtection().SetApplicationName("App.One").PersistKeysToFileSystem(directory));
            await using var second = await EncryptionHarness.CreateAsync(
                store: store,
                dataProtection: s => s.AddDataProtection().SetApplicationName("App.Two").PersistKeysToFileSystem(directory),
                initialize: false);

            var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => second.Manager.InitializeAsync());

            Assert.Equal(CryptographicFailureReason.KeyUnavailable, ex.Reason);
            Assert.Contains("application name", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Dispose_AfterUse_RingRefusesToLoad()
    {
        var harness = await EncryptionHarness.CreateAsync();
        var ring = harness.Ring;
        await harness.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => ring.RefreshAsync());
        ring.Dispose();
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x40;
        return copy;
    }

    private static KeyRecord Copy(
        KeyRecord record, byte[]? wrappedKey = null, string? keyEncryptionKeyId = null, DateTimeOffset? activatedAt = null, KeyPurpose? purpose = null, string? scope = null) => new()
    {
        Id = record.Id,
        Purpose = purpose ?? record.Purpose,
        Scope = scope ?? record.Scope,
        CreatedAt = record.CreatedAt,
        ActivatedAt = activatedAt ?? record.ActivatedAt,
        DestroyedAt = record.DestroyedAt,
        WrappedKey = wrappedKey ?? record.WrappedKey,
        KeyEncryptionKeyId = keyEncryptionKeyId ?? record.KeyEncryptionKeyId,
    };
}
