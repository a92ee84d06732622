// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;

namespace DataGuard;

/// <summary>
/// Parses phone numbers written in any common form and normalises them to E.164 (<c>+919876543210</c>). The normaliser does not read the
/// tenant itself: callers that know the tenant pass its region (DataGuard's EF Core integration does so from <see cref="IDataGuardTenantContext"/>).
/// </summary>
public interface IPhoneNumberNormalizer
{
    /// <summary>Normalises a phone number to E.164.</summary>
    /// <param name="value">The number as written (<c>+91 98765 43210</c>, <c>098765 43210</c>, <c>(201) 555-0123</c>...).</param>
    /// <param name="region">
    /// The region that reads a national number (ISO 3166-1 alpha-2), for example the tenant's <see cref="IDataGuardTenantContext.PhoneRegion"/>;
    /// <see langword="null"/> for <c>PhoneNumberOptions.DefaultRegion</c>. Ignored for numbers written with <c>+</c>.
    /// </param>
    /// <returns>The E.164 form.</returns>
    /// <exception cref="DataGuardValidationException">The value is not a valid phone number; the message shows only a masked form.</exception>
    string Normalize(string value, string? region = null);

    /// <summary>Tries to normalise a phone number to E.164.</summary>
    /// <param name="value">The number as written.</param>
    /// <param name="region">The region that reads a national number, or <see langword="null"/> for the default region.</param>
    /// <param name="e164">The E.164 form when the method returns <see langword="true"/>.</param>
    /// <param name="error">Why the value was refused when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when the value is a valid phone number.</returns>
    bool TryNormalize(string? value, string? region, [NotNullWhen(true)] out string? e164, out PhoneNumberError error);
}
