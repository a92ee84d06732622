// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Logging;

/// <summary>How log parameters classified as <see cref="Compliance.TelephonyTaxonomy.PhoneNumber"/> are redacted.</summary>
public enum PhoneNumberLogRedaction
{
    /// <summary>
    /// A keyed HMAC-SHA256 of the value (Microsoft's <c>HmacRedactor</c>): equal numbers give equal tokens, so log lines stay
    /// correlatable, and without the key the token cannot be reversed by hashing every possible number. Needs
    /// <see cref="LogRedactionOptions.HmacKey"/>.
    /// </summary>
    Hmac = 0,

    /// <summary>
    /// The masked number (<c>+91 98••• ••210</c>) from <see cref="IPhoneNumberMasker"/>. Readable, but numbers that share the visible
    /// digits become indistinguishable; no key is needed.
    /// </summary>
    Mask = 1,
}
