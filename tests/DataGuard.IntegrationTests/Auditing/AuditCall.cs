// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Auditing;

/// <summary>A call: the caller's number (the data subject, stored normalised) and a callback number stored as a phone-shaped token.</summary>
public sealed class AuditCall
{
    public int Id { get; set; }

    [PhoneNumber]
    [DataSubject]
    public string? Caller { get; set; }

    [PhoneNumber]
    [Tokenized(Format = TokenFormat.PhoneShaped)]
    public string? Callback { get; set; }

    public int Minutes { get; set; }
}
