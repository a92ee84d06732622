// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// A value was refused before it was stored (for example a phone number that is not valid). The message names the property and
/// the reason and shows at most a masked form of the input.
/// </summary>
public sealed class DataGuardValidationException : DataGuardException
{
    /// <summary>Initializes a new instance of the <see cref="DataGuardValidationException"/> class.</summary>
    public DataGuardValidationException()
        : base("A value was refused by DataGuard validation.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataGuardValidationException"/> class with a message.</summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    public DataGuardValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataGuardValidationException"/> class with a message and an inner exception.</summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DataGuardValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataGuardValidationException"/> class for a refused phone number.</summary>
    /// <param name="message">The message, which must not contain personal data.</param>
    /// <param name="property">The property (<c>Entity.Property</c>), or <see langword="null"/> outside an entity.</param>
    /// <param name="error">Why the value was refused.</param>
    public DataGuardValidationException(string message, string? property, PhoneNumberError error)
        : base(message)
    {
        Property = property;
        PhoneNumberError = error;
    }

    /// <summary>Gets the property whose value was refused (<c>Entity.Property</c>), when known.</summary>
    public string? Property { get; }

    /// <summary>Gets why a phone number was refused, or <see cref="DataGuard.PhoneNumberError.None"/> for other validations.</summary>
    public PhoneNumberError PhoneNumberError { get; }
}
