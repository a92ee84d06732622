// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Encryption;

/// <summary>
/// Manages the key ring: loading, rotation and destruction of keys.
/// </summary>
/// <remarks>
/// Thread-safe. The ring is loaded at host start-up by a hosted service; without a host, call <see cref="InitializeAsync"/>
/// once before the first encryption. Several application instances sharing one key store and one key-encryption key see the
/// same ring: keys added by another instance are picked up at the next refresh, or at once when a value names an unknown key.
/// </remarks>
public interface IKeyRingManager
{
    /// <summary>
    /// Loads the ring from the key store and creates the first data and index keys when there are none.
    /// </summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>A task that completes when the ring is usable.</returns>
    /// <exception cref="DataGuardCryptographicException">A key could not be unwrapped (the key-encryption key is unavailable, or a key row is corrupt).</exception>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Reloads the ring from the key store.</summary>
    /// <param name="cancellationToken">Cancels the reload.</param>
    /// <returns>A task that completes when the reloaded ring is in use.</returns>
    Task RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a new data-encryption key and makes it active at once. Older keys keep decrypting; the re-encryption job moves old rows to the new key.
    /// </summary>
    /// <param name="cancellationToken">Cancels the rotation.</param>
    /// <returns>The id of the new active key.</returns>
    Task<KeyId> RotateDataKeyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a new blind-index key and makes it active. Queries keep matching rows indexed under older index keys until
    /// those keys are destroyed, which is safe once the re-indexing job has run.
    /// </summary>
    /// <param name="cancellationToken">Cancels the rotation.</param>
    /// <returns>The id of the new active index key.</returns>
    Task<KeyId> RotateIndexKeyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Destroys a key for good: its material is erased from the store and from memory. Values under a destroyed data key can never be read again.
    /// </summary>
    /// <param name="keyId">
    /// The key to destroy. The active key of a purpose cannot be destroyed (rotate first), and a superseded application-wide key only
    /// once its successor has been active for twice <see cref="FieldEncryptionOptions.KeyRefreshInterval"/>, since other instances may
    /// still write under it until they refresh their ring.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the key is destroyed.</returns>
    /// <exception cref="InvalidOperationException">The key is unknown, active, or superseded too recently.</exception>
    Task DestroyKeyAsync(KeyId keyId, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys of the ring (metadata only).</summary>
    /// <returns>Every key known to the ring, destroyed ones included.</returns>
    IReadOnlyList<KeyInfo> GetKeys();
}
