// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Redaction;

namespace DataGuard.Logging;

/// <summary>
/// A <see cref="Redactor"/> that writes the masked phone number (<c>+91 98••• ••210</c>) from <see cref="IPhoneNumberMasker"/>;
/// input that is not a phone number is masked entirely.
/// </summary>
/// <remarks>
/// <para>
/// Masked numbers are not unique: two numbers that share the visible digits give the same output, and the visible digits are
/// written as they are. Use the default HMAC redaction when log lines must be correlated by number.
/// </para>
/// <para>
/// With <c>LoggerRedactionOptions.ApplyDiscriminator</c> on, Microsoft's logger passes the parameter name as a discriminator and
/// redacts <c>name:value</c> instead of <c>value</c>. That suits hashing redactors, but the masker then sees text that is not a number
/// and masks all of it: leave <c>ApplyDiscriminator</c> off (its default) with this redactor.
/// </para>
/// </remarks>
public sealed class PhoneNumberMaskingRedactor : Redactor
{
    private readonly IPhoneNumberMasker _masker;

    /// <summary>
    /// Initializes a new instance of the <see cref="PhoneNumberMaskingRedactor"/> class.
    /// </summary>
    /// <param name="masker">The phone number masker.</param>
    /// <exception cref="ArgumentNullException"><paramref name="masker"/> is <see langword="null"/>.</exception>
    public PhoneNumberMaskingRedactor(IPhoneNumberMasker masker)
    {
        ArgumentNullException.ThrowIfNull(masker);
        _masker = masker;
    }

    /// <inheritdoc />
    public override int GetRedactedLength(ReadOnlySpan<char> input) => Mask(input).Length;

    /// <inheritdoc />
    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var masked = Mask(source);
        if (masked.Length > destination.Length)
        {
            throw new ArgumentException("The destination is shorter than GetRedactedLength returned.", nameof(destination));
        }

        masked.CopyTo(destination);
        return masked.Length;
    }

    private string Mask(ReadOnlySpan<char> input)
    {
        // With ApplyDiscriminator on, the logger passes "value:tagName"; a phone number never holds a colon.
        var colon = input.LastIndexOf(':');
        if (colon >= 0)
        {
            input = input[..colon];
        }

        return input.IsEmpty ? string.Empty : _masker.Mask(input.ToString()) ?? string.Empty;
    }
}
