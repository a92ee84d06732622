// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// Thrown when a value is read whose key was destroyed on purpose (crypto-shredding). The value can never be read again.
/// </summary>
/// <remarks>
/// Distinct from a missing key (<see cref="CryptographicFailureReason.KeyNotFound"/>), which is a configuration error:
/// a destroyed key is a state the key ring records. Applications that prefer <see langword="null"/> (or the default value)
/// for shredded values set <c>FieldEncryptionOptions.DestroyedKeyBehavior</c>.
/// </remarks>
public sealed class DataGuardKeyDestroyedException : DataGuardCryptographicException
{
    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardKeyDestroyedException"/> class.
    /// </summary>
    public DataGuardKeyDestroyedException()
        : base("The value was protected by a key that has been destroyed.")
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardKeyDestroyedException"/> class with a message.
    /// </summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    public DataGuardKeyDestroyedException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardKeyDestroyedException"/> class with a message and an inner exception.
    /// </summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DataGuardKeyDestroyedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardKeyDestroyedException"/> class for a value of a column.
    /// </summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    /// <param name="column">The logical name of the column.</param>
    /// <param name="keyId">The destroyed key.</param>
    public DataGuardKeyDestroyedException(string message, string? column, KeyId keyId)
        : base(message, CryptographicFailureReason.KeyDestroyed, column, keyId)
    {
    }
}
