// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Encryption;

/// <summary>
/// The key ring: unwrapped keys in memory, loaded from an <see cref="IKeyStore"/> through an <see cref="IKeyEncryptionKey"/>.
/// Reads are lock-free (an immutable snapshot); loads and rotations are serialised.
/// </summary>
internal sealed class KeyRing : IKeyRingManager, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IKeyEncryptionKey _kek;
    private readonly FieldEncryptionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<KeyRing> _logger;
    private readonly DataGuardMetrics _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private KeyRingSnapshot? _snapshot;
    private long _lastUnknownKeyRefresh = long.MinValue;
    private Task? _unknownKeyRefresh;
    private bool _disposed;

    public KeyRing(
        IServiceProvider services,
        IKeyEncryptionKey kek,
        IOptions<FieldEncryptionOptions> options,
        TimeProvider time,
        ILogger<KeyRing> logger,
        DataGuardMetrics metrics)
    {
        _services = services;
        _kek = kek;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The current snapshot; loads the ring synchronously on first use when no host loaded it.</summary>
    public KeyRingSnapshot Current => Volatile.Read(ref _snapshot) ?? LoadSynchronously();

    public bool IsLoaded => Volatile.Read(ref _snapshot) is not null;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => LoadAsync(initial: true, cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken = default) => LoadAsync(initial: false, cancellationToken);

    /// <summary>
    /// Finds a key by id; reloads the ring once (rate-limited) when the id is unknown, since another instance may have added it.
    /// </summary>
    public DataKey? FindKey(KeyId keyId)
    {
        var current = Current;
        if (current.ActiveDataKey.Id.Value == keyId.Value)
        {
            return current.ActiveDataKey;
        }

        if (current.Keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        // Only reloads caused by unknown ids are rate-limited (periodic reloads do not count): the first value under a key another
        // instance has just created always reloads the ring, and every reader that meets it meanwhile waits for that same reload;
        // a flood of injected ids reloads the ring at most once per cooldown.
        var refresh = Volatile.Read(ref _unknownKeyRefresh);
        if (refresh is null || refresh.IsCompleted)
        {
            var last = Interlocked.Read(ref _lastUnknownKeyRefresh);
            if (last != long.MinValue && _time.GetElapsedTime(last) < _options.UnknownKeyRefreshCooldown)
            {
                return Current.Keys.GetValueOrDefault(keyId);
            }

            var starter = new Task<Task>(() => RefreshAsync());
            var started = starter.Unwrap();
            if (Interlocked.CompareExchange(ref _unknownKeyRefresh, started, refresh) == refresh)
            {
                Interlocked.Exchange(ref _lastUnknownKeyRefresh, _time.GetTimestamp());
                starter.Start(TaskScheduler.Default);
                refresh = started;
            }
            else
            {
                refresh = Volatile.Read(ref _unknownKeyRefresh)!;
            }
        }

        try
        {
            refresh.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The caller reports the key as not found; the cooldown keeps a failing store from being hammered.
            Log.KeyRingRefreshFailed(_logger, ex);
            return null;
        }

        return Current.Keys.GetValueOrDefault(keyId);
    }

    public async Task<KeyId> RotateDataKeyAsync(CancellationToken cancellationToken = default)
    {
        var id = await CreateKeyAsync(KeyPurpose.DataEncryption, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await AuditAsync(KeyPurpose.DataEncryption, id, "activated").ConfigureAwait(false);
        return id;
    }

    public async Task<KeyId> RotateIndexKeyAsync(CancellationToken cancellationToken = default)
    {
        var id = await CreateKeyAsync(KeyPurpose.BlindIndex, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await AuditAsync(KeyPurpose.BlindIndex, id, "activated").ConfigureAwait(false);
        return id;
    }

    public async Task DestroyKeyAsync(KeyId keyId, CancellationToken cancellationToken = default)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = Current;
        if (!snapshot.Keys.TryGetValue(keyId, out var key))
        {
            throw new InvalidOperationException($"Key {keyId} is not in the DataGuard key ring.");
        }

        if (ReferenceEquals(key, snapshot.ActiveDataKey) || ReferenceEquals(key, snapshot.ActiveIndexKey))
        {
            throw new InvalidOperationException($"Key {keyId} is the active {key.Purpose} key and cannot be destroyed. Rotate first, then destroy it.");
        }

        // Other instances keep using a superseded key until their next refresh: destroying it earlier would lose their writes.
        var successor = key.Purpose == KeyPurpose.DataEncryption ? snapshot.ActiveDataKey : snapshot.ActiveIndexKey;
        var grace = 2 * _options.KeyRefreshInterval;
        var age = _time.GetUtcNow() - successor.ActivatedAt;
        if (key.Scope is null && age < grace)
        {
            throw new InvalidOperationException(
                $"Key {keyId} was superseded only {age.TotalSeconds:F0} s ago; other instances may still write under it until they refresh their "
                + $"key ring. Destroy it once the active {key.Purpose} key has been active for {grace} (twice KeyRefreshInterval), after a last "
                + "re-encryption run.");
        }

        await Store.MarkDestroyedAsync(keyId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        _metrics.RecordCrypto("destroy_key", "success");
        Log.KeyDestroyed(_logger, keyId);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await AuditAsync(key.Purpose, keyId, "destroyed").ConfigureAwait(false);
    }

    public IReadOnlyList<KeyInfo> GetKeys()
    {
        var snapshot = Current;
        return snapshot.Keys.Values
            .OrderBy(k => k.CreatedAt)
            .Select(k => new KeyInfo
            {
                Id = k.Id,
                Purpose = k.Purpose,
                Scope = k.Scope,
                CreatedAt = k.CreatedAt,
                ActivatedAt = k.ActivatedAt,
                DestroyedAt = k.DestroyedAt,
                IsActive = ReferenceEquals(k, snapshot.ActiveDataKey) || ReferenceEquals(k, snapshot.ActiveIndexKey),
                UnavailableReason = k.UnavailableReason,
            })
            .ToList();
    }

    /// <summary>Rotates the data key when the active one is older than <see cref="FieldEncryptionOptions.DataKeyLifetime"/>.</summary>
    public async Task RotateIfExpiredAsync(CancellationToken cancellationToken)
    {
        if (_options.DataKeyLifetime is not { } lifetime)
        {
            return;
        }

        var active = Current.ActiveDataKey;
        if (_time.GetUtcNow() - active.ActivatedAt >= lifetime)
        {
            Log.AutomaticRotation(_logger, active.Id, lifetime);
            await RotateDataKeyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Let a load in progress finish publishing before its keys are released.
        var entered = _gate.Wait(TimeSpan.FromSeconds(10));
        if (Volatile.Read(ref _snapshot) is { } snapshot)
        {
            foreach (var key in snapshot.Keys.Values)
            {
                key.Dispose();
            }
        }

        if (entered)
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    /// <summary>
    /// Records a key rotation or destruction in the audit trail (the sink is resolved when needed: the audit pipeline itself depends on
    /// the key ring). Resource is the key ring and purpose, ResourceId the key id, Properties what happened to the key. The key change is
    /// already stored, so the record is written whatever the caller's cancellation says.
    /// </summary>
    private ValueTask AuditAsync(KeyPurpose purpose, KeyId keyId, string change)
    {
        var sink = _services.GetService<IAuditSink>();
        if (sink is null)
        {
            return ValueTask.CompletedTask;
        }

        var principal = _services.GetService<IDataGuardPrincipalAccessor>()?.Principal;
        var auditEvent = new AuditEvent
        {
            Action = AuditActions.KeyRotation,
            Resource = "DataGuardKeys/" + purpose,
            ResourceId = keyId.ToString(),
            Properties = [change],
            Count = 1,
        };
        return sink.WriteAsync(Auditing.AuditEventFactory.Complete(auditEvent, principal, _time, AuditOutcome.Success), CancellationToken.None);
    }

    private IKeyStore Store => _services.GetService<IKeyStore>() ?? throw new InvalidOperationException(
        "DataGuard has no key store. Call UseEntityFrameworkCore<TContext>() or PersistKeysToDbContext<TContext>() (DataGuard.EFCore), "
        + "or PersistKeysTo(store), in AddDataGuard(...).");

    private KeyRingSnapshot LoadSynchronously()
    {
        Task.Run(() => InitializeAsync()).GetAwaiter().GetResult();
        return Volatile.Read(ref _snapshot)!;
    }

    private async Task LoadAsync(bool initial, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var activity = DataGuardActivitySource.Instance.StartActivity("DataGuard.KeyRing.Load");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (initial && _snapshot is not null)
            {
                return;
            }

            var previous = _snapshot;
            var records = await Store.GetKeysAsync(cancellationToken).ConfigureAwait(false);
            var keys = await UnwrapAsync(records, previous, throwOnFailure: previous is null, cancellationToken).ConfigureAwait(false);

            var created = false;
            if (SelectActive(keys, KeyPurpose.DataEncryption) is null)
            {
                var record = await CreateRecordAsync(KeyPurpose.DataEncryption, keys, cancellationToken).ConfigureAwait(false);
                keys[record.Id] = record;
                created = true;
            }

            if (SelectActive(keys, KeyPurpose.BlindIndex) is null)
            {
                var record = await CreateRecordAsync(KeyPurpose.BlindIndex, keys, cancellationToken).ConfigureAwait(false);
                keys[record.Id] = record;
                created = true;
            }

            var activeData = SelectActive(keys, KeyPurpose.DataEncryption)!;
            var activeIndex = SelectActive(keys, KeyPurpose.BlindIndex)!;
            var queryIndexKeys = keys.Values
                .Where(k => k.Purpose == KeyPurpose.BlindIndex && k.Scope is null && !k.IsDestroyed && k.UnavailableReason is null)
                .OrderByDescending(k => ReferenceEquals(k, activeIndex))
                .ThenByDescending(k => k.ActivatedAt)
                .ToArray();

            Volatile.Write(ref _snapshot, new KeyRingSnapshot(keys, activeData, activeIndex, queryIndexKeys));
            foreach (var key in keys.Values)
            {
                if (key.IsDestroyed)
                {
                    key.Dispose();
                }
            }

            _metrics.KeyRingRefreshes.Add(1);
            if (previous is null || created)
            {
                Log.KeyRingLoaded(_logger, keys.Count, activeData.Id, activeIndex.Id);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dictionary<KeyId, DataKey>> UnwrapAsync(
        IReadOnlyList<KeyRecord> records,
        KeyRingSnapshot? previous,
        bool throwOnFailure,
        CancellationToken cancellationToken)
    {
        var keys = new Dictionary<KeyId, DataKey>(records.Count);
        foreach (var record in records)
        {
            if (previous?.Keys.TryGetValue(record.Id, out var known) == true && known.UnavailableReason is null)
            {
                if (record.DestroyedAt is { } destroyedAt)
                {
                    // Released once the new snapshot no longer hands it out (see LoadAsync).
                    known.SetDestroyed(destroyedAt);
                }

                keys[record.Id] = known;
                continue;
            }

            try
            {
                keys[record.Id] = await UnwrapOneAsync(record, throwOnFailure, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Do not abandon the keys unwrapped so far with their material in memory.
                foreach (var (id, unwrapped) in keys)
                {
                    if (previous?.Keys.ContainsKey(id) != true)
                    {
                        unwrapped.Dispose();
                    }
                }

                throw;
            }
        }

        if (previous is not null)
        {
            foreach (var (id, key) in previous.Keys)
            {
                if (!keys.ContainsKey(id))
                {
                    Log.KeyMissingFromStore(_logger, id);
                    keys[id] = key;
                }
            }
        }

        return keys;
    }

    private async Task<DataKey> UnwrapOneAsync(KeyRecord record, bool throwOnFailure, CancellationToken cancellationToken)
    {
        if (record.DestroyedAt is not null)
        {
            return DataKey.Destroyed(record);
        }

        string reason;
        Exception? error = null;
        if (!string.Equals(record.KeyEncryptionKeyId, _kek.Id, StringComparison.Ordinal))
        {
            reason = $"it was wrapped by key-encryption key '{record.KeyEncryptionKeyId}', but this application uses '{_kek.Id}'";
        }
        else if (record.WrappedKey.IsEmpty)
        {
            reason = "its record holds no wrapped material (corrupt key-store row?)";
        }
        else
        {
            byte[]? material = null;
            try
            {
                material = await _kek.UnwrapKeyAsync(record.WrappedKey, record.Id, cancellationToken).ConfigureAwait(false);

                // The row's metadata must be what was sealed with the material: a key-store writer cannot re-activate or re-purpose a key.
                if (!KeyWrapPayload.TryOpen(record, material, out var range, out var sealedReason))
                {
                    reason = sealedReason;
                }
                else
                {
                    var key = DataKey.FromMaterial(record, material.AsSpan(range));
                    if (key.UnavailableReason is null)
                    {
                        return key;
                    }

                    reason = key.UnavailableReason;
                }
            }
            catch (CryptographicException ex)
            {
                error = ex;
                reason = "the key-encryption key could not unwrap it (is the Data Protection key ring shared with the instance that created it, "
                    + "with the same application name? is the key-store row corrupt?)";
            }
            finally
            {
                if (material is not null)
                {
                    CryptographicOperations.ZeroMemory(material);
                }
            }
        }

        _metrics.RecordCrypto("unwrap_key", "failure");
        if (throwOnFailure)
        {
            throw new DataGuardCryptographicException(
                $"DataGuard key {record.Id} ({record.Purpose}) is unavailable: {reason}.",
                CryptographicFailureReason.KeyUnavailable,
                column: null,
                record.Id,
                error);
        }

        Log.KeyUnavailable(_logger, record.Id, reason);
        return DataKey.Unavailable(record, reason);
    }

    /// <summary>
    /// The active key of a purpose: the newest usable one, unless a destroyed key of that purpose is newer still. The ring never destroys
    /// its active key, so a destroyed key newer than every usable one means the key store was changed (the newer keys marked destroyed,
    /// to make an older key active again): then there is no active key and the caller creates a new one, newer than all of them.
    /// </summary>
    private DataKey? SelectActive(Dictionary<KeyId, DataKey> keys, KeyPurpose purpose)
    {
        // The newest activation wins, whatever this machine's clock says: a key another instance created is active here as soon as
        // the ring sees it, even when that instance's clock runs ahead (or the key was dated one tick after its predecessor).
        DataKey? best = null;
        DataKey? newestDestroyed = null;
        var now = _time.GetUtcNow();
        foreach (var key in keys.Values)
        {
            if (key.Purpose != purpose || key.Scope is not null || key.UnavailableReason is not null)
            {
                continue;
            }

            if (key.IsDestroyed)
            {
                // A destroyed row has no material, so its dates cannot be checked: one dated in the future is ignored (a key is destroyed
                // long after its successor became active, so a real one never is).
                if (key.ActivatedAt <= now && (newestDestroyed is null || IsNewer(key, newestDestroyed)))
                {
                    newestDestroyed = key;
                }

                continue;
            }

            if (best is null || IsNewer(key, best))
            {
                best = key;
            }
        }

        return best is not null && newestDestroyed is not null && IsNewer(newestDestroyed, best) ? null : best;
    }

    private static bool IsNewer(DataKey key, DataKey than)
        => key.ActivatedAt > than.ActivatedAt || (key.ActivatedAt == than.ActivatedAt && key.Id.Value.CompareTo(than.Id.Value) > 0);

    private async Task<KeyId> CreateKeyAsync(KeyPurpose purpose, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var key = await CreateRecordAsync(purpose, existing: null, cancellationToken).ConfigureAwait(false);
            return key.Id;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DataKey> CreateRecordAsync(KeyPurpose purpose, Dictionary<KeyId, DataKey>? existing, CancellationToken cancellationToken)
    {
        var id = KeyId.New();
        // Whole milliseconds: every store keeps them (PostgreSQL keeps microseconds, .NET ticks are 100 ns), so the order of
        // activation seen after a reload is the order decided here.
        var clock = _time.GetUtcNow();
        var now = new DateTimeOffset(clock.UtcTicks - (clock.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

        // A new key must be strictly newer than every key of its purpose, so that every instance picks it as active. Keys whose dates
        // cannot be trusted are left out: unavailable ones, and destroyed ones dated in the future (see SelectActive).
        foreach (var key in (IEnumerable<DataKey>?)existing?.Values ?? Volatile.Read(ref _snapshot)?.Keys.Values ?? [])
        {
            if (key.Purpose == purpose && key.UnavailableReason is null && !(key.IsDestroyed && key.ActivatedAt > clock) && key.ActivatedAt >= now)
            {
                // The next whole millisecond after it.
                var ticks = key.ActivatedAt.UtcTicks - (key.ActivatedAt.UtcTicks % TimeSpan.TicksPerMillisecond) + TimeSpan.TicksPerMillisecond;
                now = new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        var material = GC.AllocateArray<byte>(AlgorithmParameters.KeySize, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(material);
            byte[] wrapped;
            var payload = KeyWrapPayload.Seal(id, purpose, scope: null, now, material);
            try
            {
                wrapped = await _kek.WrapKeyAsync(payload, id, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(payload);
            }

            var record = new KeyRecord
            {
                Id = id,
                Purpose = purpose,
                CreatedAt = now,
                ActivatedAt = now,
                WrappedKey = wrapped,
                KeyEncryptionKeyId = _kek.Id,
            };
            await Store.AddKeyAsync(record, cancellationToken).ConfigureAwait(false);
            _metrics.RecordCrypto("create_key", "success");
            Log.KeyCreated(_logger, purpose, id);
            return DataKey.FromMaterial(record, material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }
}
