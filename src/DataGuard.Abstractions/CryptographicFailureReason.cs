// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// Why DataGuard could not decrypt (or encrypt) a value.
/// </summary>
public enum CryptographicFailureReason
{
    /// <summary>The value is not a well-formed DataGuard ciphertext (bad marker, version, length or encoding).</summary>
    MalformedValue = 1,

    /// <summary>The key named by the ciphertext is not in the key ring.</summary>
    KeyNotFound = 2,

    /// <summary>The key named by the ciphertext was destroyed on purpose (crypto-shredding); the value is gone for good.</summary>
    KeyDestroyed = 3,

    /// <summary>
    /// Authentication failed: the value was modified, or it was copied from another column or table
    /// (its associated data does not match), or the key material is wrong.
    /// </summary>
    AuthenticationFailed = 4,

    /// <summary>The column holds a plaintext value, and plaintext migration is not enabled for it.</summary>
    PlaintextNotAllowed = 5,

    /// <summary>A key of the key ring could not be unwrapped by the key-encryption key, or its stored record is corrupt.</summary>
    KeyUnavailable = 6,

    /// <summary>The algorithm named by the ciphertext is unknown or not supported on this machine.</summary>
    UnsupportedAlgorithm = 7,
}
