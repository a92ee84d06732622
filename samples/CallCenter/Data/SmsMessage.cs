// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard;

namespace CallCenter.Data;

public sealed class SmsMessage
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    [PhoneNumber]
    [Encrypted(Searchable = true)]
    public string ToNumber { get; set; } = string.Empty;

    [Encrypted]
    [Masked(MaskingRule.FreeText)]
    public string Body { get; set; } = string.Empty;

    public DateTimeOffset SentAt { get; set; }
}
