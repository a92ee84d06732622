// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DataGuard.EFCore.ChangeTracking;
using DataGuard.Retention;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Retention;

/// <summary>A retention policy resolved against the EF model: the entity type, its properties, dependents and the typed runner.</summary>
internal sealed class ResolvedPolicy
{
    public required string Category { get; init; }

    public required RetentionPolicyOptions Options { get; init; }

    public RetentionAction Action => Options.Action;

    public required IEntityType EntityType { get; init; }

    /// <summary>Gets the table's name (schema-qualified when it has a schema), for logs, audit events and archive batches.</summary>
    public required string Table { get; init; }

    public required IProperty Timestamp { get; init; }

    /// <summary>Gets whether the timestamp is a <see cref="DateTime"/> stored without time zone (PostgreSQL <c>timestamp</c>): its cutoff is passed unspecified.</summary>
    public required bool TimestampWithoutTimeZone { get; init; }

    public IProperty? Tenant { get; init; }

    /// <summary>Gets the single-column primary key, or <see langword="null"/> for a composite (or missing) key.</summary>
    public IProperty? Key { get; init; }

    public IReadOnlyList<AnonymizedProperty> Anonymized { get; init; } = [];

    /// <summary>Gets the searchable properties a subject hold is matched through (data subjects and phone numbers).</summary>
    public IReadOnlyList<SearchableProperty> Subjects { get; init; } = [];

    /// <summary>Gets the dependents plan of every entity type a purge reaches (the policy's type first).</summary>
    public IReadOnlyDictionary<IEntityType, IReadOnlyList<DependentStep>> Dependents { get; init; } = new Dictionary<IEntityType, IReadOnlyList<DependentStep>>();

    /// <summary>Gets the CLR full names a record hold of this table is placed under (the hierarchy of the entity type).</summary>
    public IReadOnlySet<string> HoldTypeNames { get; init; } = new HashSet<string>();

    /// <summary>Gets the hook service type when one is registered (<c>IRetentionHook&lt;T&gt;</c>), else <see langword="null"/>.</summary>
    public Type? HookType { get; init; }

    /// <summary>Gets the steps of the policy's own type.</summary>
    public IReadOnlyList<DependentStep> OwnSteps => Dependents.TryGetValue(EntityType, out var steps) ? steps : [];

    /// <summary>Gets whether a batch selects its keys first (archive, hooks, dependents to delete or detach), then purges those keys.</summary>
    public bool KeysFirst
    {
        get
        {
            if (Action == RetentionAction.Archive || HookType is not null)
            {
                return true;
            }

            if (Action != RetentionAction.Delete)
            {
                return false;
            }

            foreach (var step in OwnSteps)
            {
                if (step.Action != DependentAction.Block)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Gets the typed runner (set once after resolution).</summary>
    public PolicyRunner Runner { get; set; } = null!;
}
