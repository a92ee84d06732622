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

    /// <summary>
    /// Digits masked without confirmation, one mask character each, because a scan limit was reached (a run of more than
    /// <see cref="TextRedactor.MaxGroups"/> groups, or a run that used up its libphonenumber parses): the scan fails closed.
    /// </summary>
    UnconfirmedDigits,
}
