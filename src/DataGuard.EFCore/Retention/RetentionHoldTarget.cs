// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DataGuard.EFCore.Auditing;
using DataGuard.EFCore.ChangeTracking;
using DataGuard.EFCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// What a legal hold is matched through on one entity type: its tenant property, its single-column key (record holds), the CLR names a
/// record hold of it is placed under, and its searchable data-subject and phone-number properties (subject holds).
/// </summary>
/// <param name="EntityType">The entity type.</param>
/// <param name="Tenant">The tenant property, or <see langword="null"/> when the table has no tenants.</param>
/// <param name="Key">The single-column primary key, or <see langword="null"/>.</param>
/// <param name="HoldTypeNames">The CLR full names of the type's hierarchy.</param>
/// <param name="Subjects">The searchable properties a subject hold is matched through.</param>
internal sealed record RetentionHoldTarget(
    IEntityType EntityType, IProperty? Tenant, IProperty? Key, IReadOnlySet<string> HoldTypeNames, IReadOnlyList<SearchableProperty> Subjects)
{
    /// <summary>The target of a policy's own entity type.</summary>
    public static RetentionHoldTarget Of(ResolvedPolicy policy)
        => new(policy.EntityType, policy.Tenant, policy.Key, policy.HoldTypeNames, policy.Subjects);

    /// <summary>
    /// The target of a dependent type a purge reaches: its tenant is its property named <c>TenantId</c> (if any), its subjects its own
    /// searchable data-subject and phone-number properties.
    /// </summary>
    public static RetentionHoldTarget ForDependent(IEntityType entityType)
    {
        var keyProperties = entityType.FindPrimaryKey()?.Properties;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in entityType.GetAllBaseTypesInclusive().Concat(entityType.GetDerivedTypes()))
        {
            if (type.ClrType.FullName is { } fullName)
            {
                names.Add(fullName);
            }
        }

        var subjects = (SearchablePropertyIndex.For(entityType.Model).Find(entityType) ?? [])
            .Where(s => AuditedEntityIndex.IsDataSubject(s.Property) || DataGuardModelFinalizingConvention.IsPhoneNumber(s.Property))
            .ToArray();
        return new RetentionHoldTarget(entityType, entityType.FindProperty("TenantId"), keyProperties is { Count: 1 } ? keyProperties[0] : null, names, subjects);
    }
}
