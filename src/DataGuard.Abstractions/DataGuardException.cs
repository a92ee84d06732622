// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// The base type of every exception DataGuard throws on purpose.
/// </summary>
/// <remarks>
/// Messages never contain personal data, plaintext or key material: only entity, table and column names, key ids and counts.
/// </remarks>
public class DataGuardException : Exception
{
    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardException"/> class.
    /// </summary>
    public DataGuardException()
        : base("A DataGuard operation failed.")
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardException"/> class with a message.
    /// </summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    public DataGuardException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardException"/> class with a message and an inner exception.
    /// </summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DataGuardException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
