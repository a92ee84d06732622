// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Encryption;

/// <summary>
/// Stores the records of the key ring. Records hold wrapped key material only; unwrapping is the job of <see cref="IKeyEncryptionKey"/>.
/// </summary>
/// <remarks>
/// Implementations must be safe to call from many threads and from many application instances sharing one store:
/// DataGuard only adds records and marks them destroyed, and tolerates two instances adding keys at the same moment.
/// </remarks>
public interface IKeyStore
{
    /// <summary>Reads every key record, destroyed ones included.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>All records, in no particular order.</returns>
    Task<IReadOnlyList<KeyRecord>> GetKeysAsync(CancellationToken cancellationToken);

    /// <summary>Adds a new key record.</summary>
    /// <param name="key">The record to add; its id is new.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task AddKeyAsync(KeyRecord key, CancellationToken cancellationToken);

    /// <summary>Marks a key destroyed and erases its wrapped material for good.</summary>
    /// <param name="id">The key to destroy.</param>
    /// <param name="destroyedAt">When it was destroyed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the material is erased.</returns>
    Task MarkDestroyedAsync(KeyId id, DateTimeOffset destroyedAt, CancellationToken cancellationToken);
}
