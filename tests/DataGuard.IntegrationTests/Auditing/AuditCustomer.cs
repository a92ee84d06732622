// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Auditing;

/// <summary>A customer identified by an encrypted phone number (the data subject).</summary>
public sealed class AuditCustomer
{
    public int Id { get; set; }

    [PhoneNumber]
    [Encrypted]
    [DataSubject]
    public string? Phone { get; set; }

    public string? Name { get; set; }

    public int Visits { get; set; }
}
