// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Logging;

/// <summary>
/// What logger providers receive instead of an exception whose message, inner exceptions or stack trace contain personal data:
/// the same text with phone numbers, e-mail addresses and card numbers masked. The original exception is not kept.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> gives the redacted form of the original <c>ToString()</c> (type, message, inner exceptions, stack trace),
/// which is what console and JSON formatters write.
/// </remarks>
public sealed class RedactedException : Exception
{
    private readonly string? _text;
    private readonly string? _stackTrace;

    /// <summary>
    /// Initializes a new instance of the <see cref="RedactedException"/> class.
    /// </summary>
    public RedactedException()
        : base("An exception whose text was redacted.")
    {
        OriginalTypeName = typeof(Exception).FullName!;
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="RedactedException"/> class with a redacted message.
    /// </summary>
    /// <param name="message">The redacted message.</param>
    public RedactedException(string message)
        : base(message)
    {
        OriginalTypeName = typeof(Exception).FullName!;
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="RedactedException"/> class with a redacted message and an inner exception that
    /// must itself hold no personal data.
    /// </summary>
    /// <param name="message">The redacted message.</param>
    /// <param name="innerException">The inner exception.</param>
    public RedactedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        OriginalTypeName = typeof(Exception).FullName!;
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="RedactedException"/> class from the redacted parts of an exception.
    /// </summary>
    /// <param name="originalTypeName">The full name of the original exception's type.</param>
    /// <param name="message">The redacted message.</param>
    /// <param name="stackTrace">The redacted stack trace.</param>
    /// <param name="text">The redacted <c>ToString()</c> of the original exception.</param>
    /// <param name="hResult">The original HRESULT.</param>
    internal RedactedException(string originalTypeName, string message, string? stackTrace, string text, int hResult)
        : base(message)
    {
        OriginalTypeName = originalTypeName;
        _stackTrace = stackTrace;
        _text = text;
        HResult = hResult;
    }

    /// <summary>Gets the full name of the original exception's type.</summary>
    public string OriginalTypeName { get; }

    /// <inheritdoc />
    public override string? StackTrace => _text is null ? base.StackTrace : _stackTrace;

    /// <inheritdoc />
    public override string ToString() => _text ?? base.ToString();
}
