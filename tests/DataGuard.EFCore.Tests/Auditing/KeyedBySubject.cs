// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.ComponentModel.DataAnnotations;

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>An entity whose primary key is itself the data subject (an e-mail address): its key is never written to audit records.</summary>
public sealed class KeyedBySubject
{
    [Key]
    [DataSubject]
    public string Email { get; set; } = string.Empty;

    public string? Note { get; set; }
}
