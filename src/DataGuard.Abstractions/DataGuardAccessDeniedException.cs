// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>The current principal lacks the DataGuard permission an operation requires (the attempt is audited).</summary>
public sealed class DataGuardAccessDeniedException : DataGuardException
{
    /// <summary>Initializes a new instance of the <see cref="DataGuardAccessDeniedException"/> class.</summary>
    public DataGuardAccessDeniedException()
        : base("The current principal lacks a DataGuard permission.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataGuardAccessDeniedException"/> class with a message.</summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    public DataGuardAccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataGuardAccessDeniedException"/> class with a message and an inner exception.</summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DataGuardAccessDeniedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataGuardAccessDeniedException"/> class for a missing permission.</summary>
    /// <param name="permission">The missing permission (one of <see cref="DataGuardPermissions"/>).</param>
    /// <param name="message">The message, which must not contain personal data.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public DataGuardAccessDeniedException(string permission, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Permission = permission;
    }

    /// <summary>Gets the missing permission.</summary>
    public string? Permission { get; }
}
