// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// Finds and masks personal data inside free text (call transcripts, SMS bodies, notes): phone numbers written with spaces,
/// dashes, dots or parentheses, e-mail addresses and payment card numbers (Luhn-checked).
/// </summary>
public interface ITextRedactor
{
    /// <summary>Returns the text with every phone number, e-mail address and card number masked.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <param name="region">The region that reads numbers written in national form, or <see langword="null"/> for the default.</param>
    /// <returns>The redacted text (the same instance when nothing was found); <see langword="null"/> for <see langword="null"/>.</returns>
    string? Redact(string? text, string? region = null);
}
