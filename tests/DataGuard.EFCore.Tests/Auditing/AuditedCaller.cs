// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>An entity with personal data: a phone number that identifies the data subject, and a name.</summary>
public sealed class AuditedCaller
{
    public int Id { get; set; }

    [PhoneNumber]
    [DataSubject]
    public string? Number { get; set; }

    public string? Name { get; set; }

    public int Calls { get; set; }
}
