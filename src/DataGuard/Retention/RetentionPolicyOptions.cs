// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.Retention;

/// <summary>
/// One retention policy, keyed by its category in <see cref="RetentionOptions.Policies"/>. Built by <see cref="RetentionBuilder"/> or
/// bound from configuration (<c>DataGuard:Retention:Policies:&lt;category&gt;</c>).
/// </summary>
public sealed class RetentionPolicyOptions
{
    /// <summary>
    /// Gets or sets the entity type: its CLR name or full name as configuration gives it (matched against the EF model when the
    /// policy is checked at start-up; an unknown or ambiguous name fails start-up with a message that names it).
    /// </summary>
    public string? Entity { get; set; }

    /// <summary>Gets or sets the entity's CLR type, when the policy was declared in code (wins over <see cref="Entity"/>).</summary>
    public Type? EntityClrType { get; set; }

    /// <summary>Gets or sets the timestamp property the period is measured from (<see cref="DateTimeOffset"/> or UTC <see cref="DateTime"/>, nullable or not; a null timestamp never expires).</summary>
    public string? Timestamp { get; set; }

    /// <summary>Gets or sets the period, or <see langword="null"/> for indefinite (omit it in configuration).</summary>
    public TimeSpan? Period { get; set; }

    /// <summary>Gets or sets what happens once the period has passed. Default <see cref="RetentionAction.Delete"/>.</summary>
    public RetentionAction Action { get; set; } = RetentionAction.Delete;

    /// <summary>Gets or sets whether the law requires the data to be kept (the action must then be <see cref="RetentionAction.Keep"/>).</summary>
    public bool Statutory { get; set; }

    /// <summary>Gets or sets the legal basis of statutory retention (required when <see cref="Statutory"/>).</summary>
    public string? LegalBasis { get; set; }

    /// <summary>Gets or sets whether tenants may choose their own period between <see cref="TenantMinimum"/> and <see cref="TenantMaximum"/>.</summary>
    public bool TenantMayChoose { get; set; }

    /// <summary>Gets or sets the shortest period a tenant may choose (required when <see cref="TenantMayChoose"/>).</summary>
    public TimeSpan? TenantMinimum { get; set; }

    /// <summary>Gets or sets the longest period a tenant may choose, or <see langword="null"/> for indefinite.</summary>
    public TimeSpan? TenantMaximum { get; set; }

    /// <summary>
    /// Gets or sets the property that holds the row's tenant, or <see langword="null"/> for a property named <c>TenantId</c> when the
    /// entity has one (else the table has no tenants: tenant holds and choices do not apply to it).
    /// </summary>
    public string? TenantProperty { get; set; }

    /// <summary>Gets the properties an anonymize policy clears: each is set to its marker, else to null (its blind index is cleared too).</summary>
    public IList<string> Anonymize { get; } = [];

    /// <summary>Gets the markers of anonymized properties that cannot be null (property name to marker text).</summary>
    public IDictionary<string, string> Markers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
