// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DataGuard.Encryption;

/// <summary>An immutable view of the ring, swapped atomically on every reload.</summary>
internal sealed class KeyRingSnapshot(
    IReadOnlyDictionary<KeyId, DataKey> keys,
    DataKey activeDataKey,
    DataKey activeIndexKey,
    DataKey[] queryIndexKeys)
{
    public IReadOnlyDictionary<KeyId, DataKey> Keys { get; } = keys;

    public DataKey ActiveDataKey { get; } = activeDataKey;

    public DataKey ActiveIndexKey { get; } = activeIndexKey;

    /// <summary>Every usable index key, the active one first: equality queries match an index made under any of them.</summary>
    public DataKey[] QueryIndexKeys { get; } = queryIndexKeys;
}
