// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// What a masked phone number keeps. The default, <see cref="Default"/>, keeps the country code, the first two and the last three
/// national digits and the national grouping: <c>+91 98••• ••210</c>.
/// </summary>
public sealed record PhoneMaskingPolicy
{
    /// <summary>Gets the default policy (<c>+91 98••• ••210</c>).</summary>
    public static PhoneMaskingPolicy Default { get; } = new();

    /// <summary>Gets the policy that keeps only the last two digits (<c>+•• ••••• •••10</c>).</summary>
    public static PhoneMaskingPolicy Strict { get; } = new() { KeepCountryCode = false, KeepFirstDigits = 0, KeepLastDigits = 2 };

    /// <summary>Gets a value indicating whether the country calling code stays visible. The default is <see langword="true"/>.</summary>
    public bool KeepCountryCode { get; init; } = true;

    /// <summary>Gets how many leading national digits stay visible. The default is 2.</summary>
    public int KeepFirstDigits { get; init; } = 2;

    /// <summary>Gets how many trailing digits stay visible. The default is 3.</summary>
    public int KeepLastDigits { get; init; } = 3;

    /// <summary>
    /// Gets a value indicating whether the number keeps its national grouping (spaces as in the international format).
    /// The default is <see langword="true"/>; otherwise the digits are written as one run.
    /// </summary>
    public bool KeepNationalGrouping { get; init; } = true;

    /// <summary>Gets the character that replaces a hidden digit. The default is U+2022 (bullet).</summary>
    public char MaskCharacter { get; init; } = '\u2022';
}
