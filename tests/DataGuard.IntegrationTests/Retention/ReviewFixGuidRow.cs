// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A row whose tenant is a Guid (a tenant hold that is not a Guid cannot be applied to it).</summary>
public sealed class ReviewFixGuidRow
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset At { get; set; }
}
