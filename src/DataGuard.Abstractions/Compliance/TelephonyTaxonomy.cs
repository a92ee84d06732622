// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Compliance.Classification;

namespace DataGuard.Compliance;

/// <summary>
/// The data classes of a telephony application, as a <c>Microsoft.Extensions.Compliance</c> taxonomy. Mark log parameters and
/// properties with the matching attribute (<see cref="PhoneNumberDataAttribute"/>, ...) and the redactors that
/// <c>RedactPersonalDataInLogs()</c> maps to each class hide the value in logs.
/// </summary>
public static class TelephonyTaxonomy
{
    /// <summary>The name of the taxonomy: <c>DataGuard.Telephony</c>.</summary>
    public const string TaxonomyName = "DataGuard.Telephony";

    /// <summary>Gets the class of phone numbers (callers, callees, forwarding targets), in any written form.</summary>
    public static DataClassification PhoneNumber { get; } = new(TaxonomyName, nameof(PhoneNumber));

    /// <summary>Gets the class of personal names (caller names, contact names, agent names tied to customers).</summary>
    public static DataClassification PersonalName { get; } = new(TaxonomyName, nameof(PersonalName));

    /// <summary>Gets the class of e-mail addresses.</summary>
    public static DataClassification EmailAddress { get; } = new(TaxonomyName, nameof(EmailAddress));

    /// <summary>Gets the class of SMS and chat message bodies.</summary>
    public static DataClassification SmsContent { get; } = new(TaxonomyName, nameof(SmsContent));

    /// <summary>Gets the class of call content: recordings, transcripts, voicemail text.</summary>
    public static DataClassification CallContent { get; } = new(TaxonomyName, nameof(CallContent));

    /// <summary>Gets the class of location data (cell ids, coordinates, addresses).</summary>
    public static DataClassification Location { get; } = new(TaxonomyName, nameof(Location));

    /// <summary>Gets the class of payment data (card numbers, bank accounts, billing references).</summary>
    public static DataClassification PaymentData { get; } = new(TaxonomyName, nameof(PaymentData));

    /// <summary>Gets the class of device identifiers (IMEI, IMSI, ICCID, SIP device ids, push tokens).</summary>
    public static DataClassification DeviceId { get; } = new(TaxonomyName, nameof(DeviceId));
}
