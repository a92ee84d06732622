// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Encryption;

/// <summary>
/// The key-encryption key (KEK) that wraps the keys of the key ring at rest. The default is ASP.NET Core Data Protection;
/// implement this interface to use a KMS or an HSM.
/// </summary>
/// <remarks>
/// Implementations must be safe to call from many threads. Wrapping must be authenticated: unwrapping material that was
/// changed, or that was wrapped for another key id, must fail with an exception.
/// </remarks>
public interface IKeyEncryptionKey
{
    /// <summary>Gets the id recorded with every key this KEK wraps (for example <c>DataProtection</c> or a KMS key ARN).</summary>
    string Id { get; }

    /// <summary>Wraps key material.</summary>
    /// <param name="keyMaterial">
    /// The plaintext to wrap: the key (32 bytes) sealed together with the metadata the ring checks on load (id, purpose, scope,
    /// activation time): 72 bytes for a key without scope, at most 328, always a multiple of eight (AES key wrap can take it).
    /// Implementations must not keep it, and must give it back unchanged from
    /// <see cref="UnwrapKeyAsync"/>.
    /// </param>
    /// <param name="keyId">The id of the key, to bind the wrapped form to it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The wrapped key.</returns>
    ValueTask<byte[]> WrapKeyAsync(ReadOnlyMemory<byte> keyMaterial, KeyId keyId, CancellationToken cancellationToken);

    /// <summary>Unwraps key material: the exact bytes given to <see cref="WrapKeyAsync"/>. The caller zeroes the result when done with it.</summary>
    /// <param name="wrappedKey">The wrapped key.</param>
    /// <param name="keyId">The id of the key it was wrapped for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The plaintext key.</returns>
    ValueTask<byte[]> UnwrapKeyAsync(ReadOnlyMemory<byte> wrappedKey, KeyId keyId, CancellationToken cancellationToken);
}
