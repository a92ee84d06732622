// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>The shape of the tokens a tokenized property stores.</summary>
public enum TokenFormat
{
    /// <summary>An opaque token: <c>tok_</c> followed by random base32 characters.</summary>
    Opaque = 0,

    /// <summary>
    /// A phone-shaped token that keeps the country calling code and the last two digits, and is made impossible as a real number by
    /// its length (more digits than E.164 allows any number), whatever numbering plans change.
    /// </summary>
    PhoneShaped = 1,
}
