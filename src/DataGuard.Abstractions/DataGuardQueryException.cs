// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// Thrown when a query uses a protected property in a way the database cannot evaluate on ciphertext
/// (ordering, comparison, <c>Contains</c>, grouping, equality written directly instead of through the blind index, ...).
/// </summary>
/// <remarks>
/// Without this exception such a query would run and silently return wrong results. The message names the entity and property.
/// </remarks>
public sealed class DataGuardQueryException : DataGuardException
{
    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardQueryException"/> class.
    /// </summary>
    public DataGuardQueryException()
        : base("The query uses an encrypted property in a way that cannot be evaluated on ciphertext.")
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardQueryException"/> class with a message.
    /// </summary>
    /// <param name="message">The message.</param>
    public DataGuardQueryException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="DataGuardQueryException"/> class with a message and an inner exception.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DataGuardQueryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
