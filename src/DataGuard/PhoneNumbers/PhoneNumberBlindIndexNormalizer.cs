// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Encryption;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace DataGuard.PhoneNumbers;

/// <summary>
/// The <c>phone</c> blind-index normaliser: every written form of a number (<c>+91 98765 43210</c>, <c>098765 43210</c> with the
/// default region <c>IN</c>, <c>0091 98765 43210</c>) gives its E.164 form, so that an equality query finds the row whatever form
/// the caller typed.
/// </summary>
/// <remarks>
/// <para>
/// National numbers are read with <see cref="PhoneNumberOptions.DefaultRegion"/>; callers with per-tenant regions normalise
/// the value first (<see cref="IPhoneNumberNormalizer"/>), which the EF Core integration does.
/// </para>
/// <para>
/// Only parsing decides, not validity: a number that libphonenumber parses gives its E.164 form even when its metadata says
/// it is not a valid number. Validity depends on the metadata version, and an index that changed with a package update would
/// lose rows; parsing to E.164 is stable. Saving still refuses invalid numbers (unless
/// <see cref="PhoneNumberOptions.AcceptPossibleNumbers"/>), before this normaliser runs.
/// </para>
/// <para>
/// A value that cannot be parsed (letters, garbage, a national number without a default region) does not throw: it gives
/// <c>invalid:</c> followed by its digits (and a leading <c>+</c>). An equality query with garbage is a normal event (user input
/// in a search box) and must find nothing rather than fail; the prefix can never equal an E.164 value, so garbage never matches
/// a valid number, while rows stored before DataGuard validated them stay findable by the same garbage.
/// </para>
/// </remarks>
internal sealed class PhoneNumberBlindIndexNormalizer(IOptionsMonitor<PhoneNumberOptions> options) : IBlindIndexNormalizer
{
    /// <summary>The name properties use to select this normaliser.</summary>
    public const string NormalizerName = BlindIndexNormalizers.Phone;

    /// <summary>The prefix of the form given to values that cannot be parsed.</summary>
    public const string InvalidPrefix = "invalid:";

    private static readonly DigitsNormalizer Digits = new();

    public string Name => NormalizerName;

    public string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return PhoneNumberRules.TryParse(value, options.CurrentValue.DefaultRegion, out var number) == PhoneNumberError.None
            ? PhoneNumberRules.Util.Format(number!, PhoneNumberFormat.E164)
            : InvalidPrefix + Digits.Normalize(value);
    }
}
