// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Redaction;

/// <summary>What a <see cref="TextMatch"/> masks.</summary>
internal enum TextMatchKind
{
    /// <summary>A phone number.</summary>
    PhoneNumber,

    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A payment card number.</summary>
    PaymentCard,
}
