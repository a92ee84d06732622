// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard;

namespace CallCenter.Data;

public sealed class Contact
{
    public int Id { get; set; }

    public Guid TenantId { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    [PhoneNumber]
    [Encrypted(Searchable = true)]
    [DataSubject]
    public string? PhoneNumber { get; set; }                // nullable: retention anonymizes a lapsed contact by clearing it

    [Masked(MaskingRule.EmailAddress)]
    [Encrypted(Searchable = true, Normalizer = "case-insensitive")]
    public string? Email { get; set; }

    /// <summary>When the contact last called or was called: the retention period of contacts is measured from it.</summary>
    public DateTimeOffset LastContactAt { get; set; }
}
