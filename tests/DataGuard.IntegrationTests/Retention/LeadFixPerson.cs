// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row with personal data (its email is the data subject), so reads and bulk changes of its table are audited.</summary>
public sealed class LeadFixPerson
{
    public long Id { get; set; }

    [DataSubject]
    public string? Email { get; set; }

    public DateTimeOffset At { get; set; }
}
