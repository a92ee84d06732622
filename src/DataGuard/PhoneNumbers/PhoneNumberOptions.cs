// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;

namespace DataGuard.PhoneNumbers;

/// <summary>
/// Options of phone-number normalisation (to E.164) and masking.
/// </summary>
public sealed class PhoneNumberOptions : IValidatableObject
{
    /// <summary>
    /// Gets or sets the region (ISO 3166-1 alpha-2, for example <c>IN</c>) that reads numbers written in national form
    /// (<c>098765 43210</c>) when neither the caller nor the tenant names one. Numbers written with their country code
    /// (<c>+91 98765 43210</c>) need no region. The code must be one that libphonenumber supports; case is ignored.
    /// </summary>
    /// <value>The default is <see langword="null"/>: national numbers without an explicit region are refused.</value>
    public string? DefaultRegion { get; set; }

    /// <summary>
    /// Gets or sets the policy used to mask numbers when the caller names none (and in exception messages).
    /// </summary>
    /// <value>
    /// The default is a policy equal to <see cref="PhoneMaskingPolicy.Default"/> (<c>+91 98••• ••210</c>). Each options instance
    /// holds its own copy, so binding configuration onto it never changes the shared <see cref="PhoneMaskingPolicy.Default"/>.
    /// </value>
    public PhoneMaskingPolicy MaskingPolicy { get; set; } = new();

    /// <summary>
    /// Gets or sets a value indicating whether numbers that have a possible length for their country but are not valid in
    /// libphonenumber's numbering-plan metadata are accepted.
    /// </summary>
    /// <value>
    /// The default is <see langword="false"/>: a number must pass libphonenumber's <c>IsValidNumber</c>.
    /// </value>
    /// <remarks>
    /// Turn it on when refusing a number costs more than storing a wrong one: numbering plans change faster than the metadata
    /// shipped with the libphonenumber version in use (new mobile ranges, new operators), so a brand-new number can be refused
    /// until the package is updated; and records of calls that really happened (inbound caller ids, CDRs) must be stored even
    /// when the number is unusual. Possible numbers still have a known country code and a length that the country allows.
    /// </remarks>
    public bool AcceptPossibleNumbers { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultRegion is { } region && !PhoneNumberRules.IsSupportedRegion(region))
        {
            yield return new ValidationResult(
                $"DefaultRegion must be an ISO 3166-1 alpha-2 region code that libphonenumber supports, such as IN, US or GB (it is '{region}').",
                [nameof(DefaultRegion)]);
        }

        if (MaskingPolicy is null)
        {
            yield return new ValidationResult("MaskingPolicy must not be null.", [nameof(MaskingPolicy)]);
            yield break;
        }

        if (MaskingPolicy.KeepFirstDigits < 0 || MaskingPolicy.KeepLastDigits < 0)
        {
            yield return new ValidationResult(
                $"MaskingPolicy.KeepFirstDigits and MaskingPolicy.KeepLastDigits must not be negative (they are {MaskingPolicy.KeepFirstDigits} and {MaskingPolicy.KeepLastDigits}).",
                [nameof(MaskingPolicy)]);
        }

        if (char.IsDigit(MaskingPolicy.MaskCharacter) || char.IsWhiteSpace(MaskingPolicy.MaskCharacter) || MaskingPolicy.MaskCharacter is '+' or '\0')
        {
            yield return new ValidationResult(
                $"MaskingPolicy.MaskCharacter must not be a digit, white space, '+' or NUL (it is U+{(int)MaskingPolicy.MaskCharacter:X4}).",
                [nameof(MaskingPolicy)]);
        }
    }
}
