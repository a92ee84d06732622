// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;

namespace DataGuard.Testing;

/// <summary>A thread-safe in-memory key store (for unit tests that need no database).</summary>
public sealed class InMemoryKeyStore : IKeyStore
{
    private readonly Lock _gate = new();
    private readonly List<KeyRecord> _keys = [];

    /// <summary>Gets how many times the keys were read.</summary>
    public int Reads { get; private set; }

    /// <summary>Gets a copy of the stored records.</summary>
    public IReadOnlyList<KeyRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return _keys.ToList();
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KeyRecord>> GetKeysAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Reads++;
            return Task.FromResult<IReadOnlyList<KeyRecord>>(_keys.ToList());
        }
    }

    /// <inheritdoc />
    public Task AddKeyAsync(KeyRecord key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _keys.Add(key);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task MarkDestroyedAsync(KeyId id, DateTimeOffset destroyedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var index = _keys.FindIndex(k => k.Id == id);
            var key = _keys[index];
            _keys[index] = new KeyRecord
            {
                Id = key.Id,
                Purpose = key.Purpose,
                Scope = key.Scope,
                CreatedAt = key.CreatedAt,
                ActivatedAt = key.ActivatedAt,
                DestroyedAt = destroyedAt,
                WrappedKey = ReadOnlyMemory<byte>.Empty,
                KeyEncryptionKeyId = key.KeyEncryptionKeyId,
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>Replaces a record as it is (to simulate a corrupt row).</summary>
    public void Replace(KeyRecord record)
    {
        lock (_gate)
        {
            var index = _keys.FindIndex(k => k.Id == record.Id);
            _keys[index] = record;
        }
    }
}
