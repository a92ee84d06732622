// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard;

/// <summary>A retention policy as the documentation and subject-request exports show it.</summary>
public sealed class RetentionPolicyDescription
{
    /// <summary>Gets the category name (for example <c>call-logs</c>).</summary>
    public required string Category { get; init; }

    /// <summary>Gets the entity type (CLR name).</summary>
    public required string EntityType { get; init; }

    /// <summary>Gets the timestamp property the period is measured from.</summary>
    public required string TimestampProperty { get; init; }

    /// <summary>Gets the default period, or <see langword="null"/> for indefinite.</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>Gets the action once the period has passed.</summary>
    public required RetentionAction Action { get; init; }

    /// <summary>Gets whether the law requires the data to be kept (erasure requests are refused with <see cref="LegalBasis"/>).</summary>
    public bool Statutory { get; init; }

    /// <summary>Gets the legal basis of statutory retention, or <see langword="null"/>.</summary>
    public string? LegalBasis { get; init; }

    /// <summary>Gets whether tenants may choose their own period.</summary>
    public bool TenantMayChoose { get; init; }

    /// <summary>Gets the shortest period a tenant may choose, when <see cref="TenantMayChoose"/>.</summary>
    public TimeSpan? TenantMinimum { get; init; }

    /// <summary>Gets the longest period a tenant may choose, or <see langword="null"/> for indefinite.</summary>
    public TimeSpan? TenantMaximum { get; init; }

    /// <summary>Gets the properties an anonymize policy clears.</summary>
    public IReadOnlyList<string> AnonymizedProperties { get; init; } = [];
}
