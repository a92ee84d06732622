// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.PhoneNumbers;

/// <summary>What the EF integration needs of the application's phone-number configuration, captured by <c>UseDataGuard(sp)</c>.</summary>
/// <param name="Normalizer">The application's normaliser (a singleton that reads <c>PhoneNumberOptions</c>).</param>
/// <param name="Masker">The application's masker, for messages that must not show the raw value.</param>
/// <param name="TenantRegions">Whether the application registered an <see cref="IDataGuardTenantContext"/>, so a number's region may depend on the tenant.</param>
internal sealed record PhoneNumberSettings(IPhoneNumberNormalizer Normalizer, IPhoneNumberMasker? Masker, bool TenantRegions);
