// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A call whose caller (a searchable phone number, the data subject) is what a subject hold finds; no tenant.</summary>
public sealed class InheritedHoldCall
{
    public long Id { get; set; }

    [DataSubject]
    [PhoneNumber]
    [Encrypted(Searchable = true)]
    public string? Caller { get; set; }

    public DateTimeOffset StartedAt { get; set; }
}
