// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>Why a value is not an acceptable phone number.</summary>
public enum PhoneNumberError
{
    /// <summary>The value is a valid phone number.</summary>
    None = 0,

    /// <summary>The value is empty or white space.</summary>
    Empty = 1,

    /// <summary>The value does not look like a phone number at all (letters, too few digits to be one).</summary>
    NotANumber = 2,

    /// <summary>The number has too few digits for its country.</summary>
    TooShort = 3,

    /// <summary>The number has too many digits for its country.</summary>
    TooLong = 4,

    /// <summary>The country calling code does not exist, or the region code is unknown.</summary>
    InvalidCountryCode = 5,

    /// <summary>The number has a possible length but is not a valid number of its region's numbering plan.</summary>
    InvalidForRegion = 6,

    /// <summary>The number is written in national form and no region is known to read it (no explicit, tenant or default region).</summary>
    MissingRegion = 7,
}
