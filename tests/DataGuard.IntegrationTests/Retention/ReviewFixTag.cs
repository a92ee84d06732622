// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A tag that may point at a call (set null in the model when the call goes).</summary>
public sealed class ReviewFixTag
{
    public long Id { get; set; }

    public long? CallId { get; set; }

    public string? TenantId { get; set; }
}
