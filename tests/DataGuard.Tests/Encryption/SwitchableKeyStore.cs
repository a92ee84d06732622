// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;
using DataGuard.Testing;

namespace DataGuard.Tests.Encryption;

/// <summary>An in-memory key store whose reads can be made to fail (an unreachable database or KMS).</summary>
internal sealed class SwitchableKeyStore(InMemoryKeyStore inner) : IKeyStore
{
    public bool Failing { get; set; }

    public int FailedReads { get; private set; }

    public Task<IReadOnlyList<KeyRecord>> GetKeysAsync(CancellationToken cancellationToken)
    {
        if (Failing)
        {
            FailedReads++;
            throw new InvalidOperationException("The key store is unreachable.");
        }

        return inner.GetKeysAsync(cancellationToken);
    }

    public Task AddKeyAsync(KeyRecord key, CancellationToken cancellationToken) => inner.AddKeyAsync(key, cancellationToken);

    public Task MarkDestroyedAsync(KeyId id, DateTimeOffset destroyedAt, CancellationToken cancellationToken) => inner.MarkDestroyedAsync(id, destroyedAt, cancellationToken);
}
