// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// Thrown when a protected value cannot be decrypted or a key cannot be used. It names the column and the key id, never the plaintext.
/// </summary>
/// <remarks>
/// When EF Core materializes entities with detailed errors on, it wraps this exception in an
/// <see cref="InvalidOperationException"/>; look at <see cref="Exception.InnerException"/>.
/// </remarks>
public class DataGuardCryptographicException : DataGuardException
{
    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardCryptographicException"/> class.
    /// </summary>
    public DataGuardCryptographicException()
        : base("A DataGuard cryptographic operation failed.")
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardCryptographicException"/> class with a message.
    /// </summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    public DataGuardCryptographicException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardCryptographicException"/> class with a message and an inner exception.
    /// </summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DataGuardCryptographicException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardCryptographicException"/> class for a value of a column.
    /// </summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    /// <param name="reason">Why the operation failed.</param>
    /// <param name="column">The logical name of the column (table and column), when known.</param>
    /// <param name="keyId">The key named by the value, when known.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DataGuardCryptographicException(string message, CryptographicFailureReason reason, string? column, KeyId? keyId, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        Column = column;
        KeyId = keyId;
    }

    /// <summary>
    /// Gets why the operation failed.
    /// </summary>
    public CryptographicFailureReason Reason { get; }

    /// <summary>
    /// Gets the logical name of the column whose value failed (for example <c>CallLogs.CallerNumber</c>), when known.
    /// </summary>
    public string? Column { get; }

    /// <summary>
    /// Gets the id of the key the value names, when known.
    /// </summary>
    public KeyId? KeyId { get; }
}
