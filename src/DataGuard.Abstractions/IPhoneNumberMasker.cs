// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>Masks phone numbers for display to principals who must not see them.</summary>
public interface IPhoneNumberMasker
{
    /// <summary>
    /// Masks a phone number by a policy. Parseable numbers keep what the policy keeps (<c>+91 98••• ••210</c>); unparseable input
    /// is masked entirely and never returned raw.
    /// </summary>
    /// <param name="value">The number in any written form (E.164 preferred), or <see langword="null"/>.</param>
    /// <param name="policy">The policy, or <see langword="null"/> for the configured default.</param>
    /// <returns>The masked form; <see langword="null"/> when <paramref name="value"/> is <see langword="null"/>.</returns>
    string? Mask(string? value, PhoneMaskingPolicy? policy = null);
}
