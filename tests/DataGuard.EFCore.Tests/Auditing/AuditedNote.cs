// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>An entity with personal data (encrypted text) whose data subject is a customer id configured fluently.</summary>
public sealed class AuditedNote
{
    public int Id { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    [Encrypted]
    public string? Text { get; set; }
}
