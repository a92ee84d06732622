// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Testing.Model;

public sealed class CallLog
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    [Encrypted(Searchable = true, Normalizer = "digits")]
    public string CallerNumber { get; set; } = string.Empty;

    [Encrypted]
    public string? Transcript { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public string Note { get; set; } = string.Empty;
}
