// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>How a personal value is masked for principals without <see cref="DataGuardPermissions.ViewPersonalData"/>.</summary>
public enum MaskingRule
{
    /// <summary>As a phone number, with <see cref="IPhoneNumberMasker"/> (for example <c>+91 98••• ••210</c>).</summary>
    PhoneNumber = 0,

    /// <summary>As an e-mail address: first character of the local part and the domain kept (<c>a•••@example.com</c>).</summary>
    EmailAddress = 1,

    /// <summary>Every character masked; only the length class is visible (a fixed run of mask characters).</summary>
    Full = 2,

    /// <summary>All but the last four characters masked (payment cards, account numbers).</summary>
    KeepLastFour = 3,

    /// <summary>
    /// Free text (transcripts, SMS bodies, notes): the text stays readable, and the phone numbers, e-mail addresses and card numbers
    /// <see cref="ITextRedactor"/> finds in it are masked. Without a registered redactor the whole value is masked.
    /// </summary>
    FreeText = 4,
}
