// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Encryption;

/// <summary>The names of the normalisers DataGuard ships.</summary>
public static class BlindIndexNormalizers
{
    /// <summary>Exact, ordinal comparison (the default): the value is hashed as it is.</summary>
    public const string Ordinal = "ordinal";

    /// <summary>Trims white space, applies Unicode compatibility normalisation (NFKC) and upper-cases invariantly (e-mail addresses, names).</summary>
    public const string CaseInsensitive = "case-insensitive";

    /// <summary>Keeps decimal digits only, and a leading <c>+</c> (a crude form of phone-number normalisation).</summary>
    public const string Digits = "digits";

    /// <summary>
    /// Parses a phone number with libphonenumber (default region from <c>PhoneNumberOptions</c>) and hashes its E.164 form, so every written
    /// form of a number finds the same rows. Registered by <c>AddPhoneNumbers()</c>; properties marked as phone numbers use it by default.
    /// </summary>
    public const string Phone = "phone";
}
