// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.PhoneNumbers;

/// <summary>The wording of refused phone numbers; the value itself appears only masked.</summary>
internal static class PhoneNumberMessages
{
    public static string Describe(PhoneNumberError error) => error switch
    {
        PhoneNumberError.Empty => "it is empty",
        PhoneNumberError.NotANumber => "it is not a phone number",
        PhoneNumberError.TooShort => "it is too short for its country",
        PhoneNumberError.TooLong => "it is too long for its country",
        PhoneNumberError.InvalidCountryCode => "its country calling code does not exist",
        PhoneNumberError.InvalidForRegion => "it is not a valid number in its region's numbering plan",
        PhoneNumberError.MissingRegion => "it is written in national form and no region is configured to read it (write it with a + and the country code, or set PhoneNumberOptions.DefaultRegion or the tenant's PhoneRegion)",
        _ => "it is not valid",
    };

    public static string Refused(string where, string masked, PhoneNumberError error, string? region)
        => $"{where}: the phone number {masked} was refused because {Describe(error)}{(region is null ? string.Empty : $" (region {region})")}.";
}
