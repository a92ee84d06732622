// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A clip of a call (cascade in the model), with a tenant and a speaker (a searchable phone number, the data subject) of its own.</summary>
public sealed class ReviewFixClip
{
    public long Id { get; set; }

    public long CallId { get; set; }

    public string? TenantId { get; set; }

    [DataSubject]
    [PhoneNumber]
    [Encrypted(Searchable = true)]
    public string? Speaker { get; set; }

    public List<ReviewFixClipNote> Notes { get; set; } = [];
}
