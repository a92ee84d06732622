// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A call whose caller (a phone number, encrypted and blind-indexed) is the data subject; it owns recordings.</summary>
public sealed class EngineCallLog
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    [DataSubject]
    [PhoneNumber]
    [Encrypted(Searchable = true)]
    public string? CallerNumber { get; set; }

    public List<EngineRecording> Recordings { get; set; } = [];

    public EngineCallMeta? Meta { get; set; }

    public List<EngineCallLeg> Legs { get; set; } = [];
}
