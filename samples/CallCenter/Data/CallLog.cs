// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard;

namespace CallCenter.Data;

#region model
public sealed class CallLog
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    [PhoneNumber]                                           // E.164 on save, masked in JSON without permission
    [Encrypted(Searchable = true)]                          // AEAD at rest, equality-searchable in any written form
    [DataSubject]                                           // audit records carry its keyed hash: "who accessed my data"
    public string CallerNumber { get; set; } = string.Empty;

    [PhoneNumber]                                           // E.164 first, then...
    [Tokenized(Format = TokenFormat.PhoneShaped, TenantProperty = nameof(TenantId))] // ...a token per tenant; the number lives in the vault
    public string DialledNumber { get; set; } = string.Empty;

    [Encrypted]                                             // AEAD at rest
    [Masked(MaskingRule.FreeText)]                          // numbers, e-mails and cards in the text masked in JSON
    public string? Transcript { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public int DurationSeconds { get; set; }
}
#endregion
