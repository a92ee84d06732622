// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DataGuard.EFCore.Auditing;
using DataGuard.EFCore.ChangeTracking;
using DataGuard.EFCore.Metadata;
using DataGuard.EFCore.Storage;
using DataGuard.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Retention;

/// <summary>Resolves retention policies against a context's EF model, with clear errors for what the model cannot support.</summary>
internal static class RetentionPolicyModel
{
    /// <summary>Resolves every policy, ordered by category.</summary>
    /// <exception cref="InvalidOperationException">A policy does not fit the model (the message names the category and what to change).</exception>
    public static IReadOnlyList<ResolvedPolicy> Resolve(IModel model, RetentionOptions options, bool sqlite, Func<Type, bool> isRegistered)
    {
        var resolved = new List<ResolvedPolicy>();
        foreach (var (category, policy) in options.Policies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var result = Resolve(model, category, policy, sqlite, isRegistered);
            result.Runner = PolicyRunner.Create(result);
            resolved.Add(result);
        }

        return resolved;
    }

    /// <summary>The entity type name a description shows (before the model is known).</summary>
    public static string EntityName(RetentionPolicyOptions policy)
        => policy.EntityClrType?.Name ?? policy.Entity?.Split('.', '+').LastOrDefault() ?? string.Empty;

    private static ResolvedPolicy Resolve(IModel model, string category, RetentionPolicyOptions policy, bool sqlite, Func<Type, bool> isRegistered)
    {
        var entityType = FindEntityType(model, category, policy);
        var name = entityType.DisplayName();
        var timestamp = FindTimestamp(entityType, category, policy, sqlite);
        var tenant = FindTenant(entityType, category, policy);
        var keyProperties = entityType.FindPrimaryKey()?.Properties;
        var key = keyProperties is { Count: 1 } ? keyProperties[0] : null;

        var anonymized = policy.Action == RetentionAction.Anonymize ? FindAnonymized(entityType, category, policy, key) : [];
        var subjects = (SearchablePropertyIndex.For(model).Find(entityType) ?? [])
            .Where(s => AuditedEntityIndex.IsDataSubject(s.Property) || DataGuardModelFinalizingConvention.IsPhoneNumber(s.Property))
            .ToArray();

        var dependents = new Dictionary<IEntityType, IReadOnlyList<DependentStep>>();
        if (policy.Action is RetentionAction.Delete or RetentionAction.Archive)
        {
            Plan(entityType, category, dependents);
        }

        var hookType = typeof(IRetentionHook<>).MakeGenericType(entityType.ClrType);
        var hasHook = policy.Action != RetentionAction.Keep && isRegistered(hookType);
        var needsKey = policy.Action == RetentionAction.Archive ? "archive"
            : hasHook ? "an IRetentionHook<" + entityType.ClrType.Name + ">"
            : dependents.Values.Any(steps => steps.Any(s => s.Action != DependentAction.Block)) ? "dependents to delete or detach"
            : null;
        if (needsKey is not null && key is null)
        {
            throw new InvalidOperationException(
                $"Retention policy '{category}': {name} has a composite (or no) primary key, but {needsKey} needs a single-column key to address rows. Give the entity a single-column key, or use a delete/anonymize policy without hooks.");
        }

        if (hasHook && key!.IsShadowProperty())
        {
            throw new InvalidOperationException(
                $"Retention policy '{category}': {name} has a shadow primary key, which the rows handed to IRetentionHook<{entityType.ClrType.Name}> cannot show. Map the key to a CLR property.");
        }

        var holdTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in entityType.GetAllBaseTypesInclusive().Concat(entityType.GetDerivedTypes()))
        {
            if (type.ClrType.FullName is { } fullName)
            {
                holdTypes.Add(fullName);
            }
        }

        return new ResolvedPolicy
        {
            Category = category,
            Options = policy,
            EntityType = entityType,
            Table = TableName(entityType),
            Timestamp = timestamp,
            TimestampWithoutTimeZone = IsWithoutTimeZone(timestamp),
            Tenant = tenant,
            Key = key,
            Anonymized = anonymized,
            Subjects = subjects,
            Dependents = dependents,
            HoldTypeNames = holdTypes,
            HookType = hasHook ? hookType : null,
        };
    }

    internal static string TableName(IEntityType entityType)
    {
        var table = entityType.GetTableName() ?? entityType.DisplayName();
        return entityType.GetSchema() is { } schema ? schema + "." + table : table;
    }

    private static IEntityType FindEntityType(IModel model, string category, RetentionPolicyOptions policy)
    {
        if (policy.EntityClrType is { } clrType)
        {
            var found = model.FindEntityType(clrType);
            if (found is null || found.IsOwned())
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': {clrType.FullName} is not an entity type of the model (owned types cannot have a policy of their own; their owner's policy removes them).");
            }

            return found;
        }

        var name = policy.Entity;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException($"Retention policy '{category}' names no entity type; set Entity to the CLR name or full name of an entity type.");
        }

        var candidates = model.GetEntityTypes()
            .Where(t => !t.IsOwned() && !t.HasSharedClrType && (string.Equals(t.ClrType.FullName, name, StringComparison.Ordinal) || string.Equals(t.ClrType.Name, name, StringComparison.Ordinal)))
            .ToList();
        if (candidates.Count > 1)
        {
            var exact = candidates.Where(t => string.Equals(t.ClrType.FullName, name, StringComparison.Ordinal)).ToList();
            if (exact.Count == 1)
            {
                return exact[0];
            }

            throw new InvalidOperationException(
                $"Retention policy '{category}': the entity name '{name}' is ambiguous ({string.Join(", ", candidates.Select(t => t.ClrType.FullName).Order(StringComparer.Ordinal))}); give the full name.");
        }

        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                $"Retention policy '{category}': the entity '{name}' is not an entity type of the model; give the CLR name or full name of a (non-owned) entity type.");
        }

        return candidates[0];
    }

    private static IProperty FindTimestamp(IEntityType entityType, string category, RetentionPolicyOptions policy, bool sqlite)
    {
        var name = entityType.DisplayName();
        if (string.IsNullOrWhiteSpace(policy.Timestamp))
        {
            throw new InvalidOperationException($"Retention policy '{category}' names no timestamp property of {name}.");
        }

        var property = entityType.FindProperty(policy.Timestamp)
            ?? throw new InvalidOperationException($"Retention policy '{category}': {name} has no mapped property '{policy.Timestamp}' to measure the period from.");
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type != typeof(DateTimeOffset) && type != typeof(DateTime))
        {
            throw new InvalidOperationException(
                $"Retention policy '{category}': the timestamp {name}.{property.Name} is a {property.ClrType.Name}; it must be a DateTimeOffset or a UTC DateTime (nullable or not).");
        }

        if (sqlite && type == typeof(DateTimeOffset))
        {
            var provider = (property.GetValueConverter() ?? property.GetTypeMapping().Converter)?.ProviderClrType;
            provider = provider is null ? null : Nullable.GetUnderlyingType(provider) ?? provider;
            if (provider != typeof(DateTime) && provider != typeof(long))
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': the timestamp {name}.{property.Name} is a DateTimeOffset, which SQLite cannot compare (it stores text with the local offset). "
                    + $"Configure it with .IsUtcTimestamp() (modelBuilder.Entity<{entityType.ClrType.Name}>().Property(x => x.{property.Name}).IsUtcTimestamp()), which stores it as UTC.");
            }
        }

        return property;
    }

    private static IProperty? FindTenant(IEntityType entityType, string category, RetentionPolicyOptions policy)
    {
        if (policy.TenantProperty is { } tenantName)
        {
            return entityType.FindProperty(tenantName)
                ?? throw new InvalidOperationException($"Retention policy '{category}': {entityType.DisplayName()} has no mapped property '{tenantName}' to read the tenant from.");
        }

        return entityType.FindProperty("TenantId");
    }

    private static AnonymizedProperty[] FindAnonymized(IEntityType entityType, string category, RetentionPolicyOptions policy, IProperty? key)
    {
        var name = entityType.DisplayName();
        if (policy.Anonymize.Count == 0)
        {
            throw new InvalidOperationException($"Retention policy '{category}' anonymizes {name} but names no property to clear; list them in Anonymize.");
        }

        var result = new List<AnonymizedProperty>();
        foreach (var propertyName in policy.Anonymize.Distinct(StringComparer.Ordinal))
        {
            var property = entityType.FindProperty(propertyName)
                ?? throw new InvalidOperationException($"Retention policy '{category}': {name} has no mapped property '{propertyName}' to anonymize.");
            if (property.IsKey() || property.IsForeignKey() || property == key)
            {
                throw new InvalidOperationException($"Retention policy '{category}': {name}.{propertyName} is a key; keys cannot be anonymized.");
            }

            policy.Markers.TryGetValue(propertyName, out var marker);
            var encrypted = DataGuardModelFinalizingConvention.IsEncrypted(property)
                || (property.GetValueConverter() ?? property.GetTypeMapping().Converter) is IEncryptedValueConverter;
            if (encrypted && !property.IsNullable)
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': {name}.{propertyName} is encrypted and required; an encrypted value cannot be replaced by a marker. Make the property nullable so that anonymizing sets it to null.");
            }

            if (marker is not null)
            {
                if (encrypted)
                {
                    throw new InvalidOperationException(
                        $"Retention policy '{category}': {name}.{propertyName} is encrypted; it is anonymized by setting it to null, not to a marker. Remove its marker.");
                }

                if (property.ClrType != typeof(string))
                {
                    throw new InvalidOperationException($"Retention policy '{category}': {name}.{propertyName} is a {property.ClrType.Name}; markers are text, for string properties only.");
                }

                if (property.GetMaxLength() is { } maxLength && marker.Length > maxLength)
                {
                    throw new InvalidOperationException(
                        $"Retention policy '{category}': the marker of {name}.{propertyName} is {marker.Length} characters long; the column holds at most {maxLength}.");
                }
            }
            else if (!property.IsNullable)
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': {name}.{propertyName} is required, so it cannot be set to null; give it a marker (AnonymizeWith(x => x.{propertyName}, \"[removed]\") or Markers:{propertyName}) or make it nullable.");
            }

            result.Add(new AnonymizedProperty(property, marker, SearchablePropertyIndex.For(property)?.IndexProperty));
        }

        return [.. result];
    }

    /// <summary>Adds the dependents plan of <paramref name="principal"/> and of every type it reaches.</summary>
    private static void Plan(IEntityType principal, string category, Dictionary<IEntityType, IReadOnlyList<DependentStep>> plans)
    {
        if (plans.ContainsKey(principal))
        {
            return;
        }

        var steps = new List<DependentStep>();
        plans[principal] = steps;
        var foreignKeys = principal.GetReferencingForeignKeys()
            .Concat(principal.GetDerivedTypes().SelectMany(t => t.GetDeclaredReferencingForeignKeys()))
            .Distinct();
        foreach (var foreignKey in foreignKeys)
        {
            var dependent = foreignKey.DeclaringEntityType;
            if (foreignKey.IsOwnership && SharesTable(dependent, principal))
            {
                // The owned values live in the owner's row: they go with it.
                continue;
            }

            if (foreignKey.Properties.Count != 1)
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': {dependent.DisplayName()} refers to {principal.DisplayName()} with a composite foreign key; retention handles single-column foreign keys only.");
            }

            if (foreignKey.IsOwnership)
            {
                steps.Add(new DependentStep(foreignKey, DependentAction.DeleteOwned));
                continue;
            }

            var action = foreignKey.DeleteBehavior switch
            {
                DeleteBehavior.Cascade or DeleteBehavior.ClientCascade => DependentAction.Delete,
                DeleteBehavior.SetNull or DeleteBehavior.ClientSetNull when foreignKey.Properties[0].IsNullable => DependentAction.SetNull,
                _ => DependentAction.Block,
            };
            if (action == DependentAction.Delete && dependent.HasSharedClrType)
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': {dependent.DisplayName()} (a shared-type entity) depends on {principal.DisplayName()} with cascade; retention cannot delete shared-type entities.");
            }

            if (action != DependentAction.Block && !foreignKey.PrincipalKey.IsPrimaryKey())
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': {dependent.DisplayName()} refers to an alternate key of {principal.DisplayName()}; retention follows foreign keys to the primary key only.");
            }

            steps.Add(new DependentStep(foreignKey, action));
            if (action == DependentAction.Delete)
            {
                Plan(dependent, category, plans);
                if (plans[dependent].Any(s => s.Action != DependentAction.Block) && dependent.FindPrimaryKey()?.Properties.Count != 1)
                {
                    throw new InvalidOperationException(
                        $"Retention policy '{category}': {dependent.DisplayName()} has dependents of its own but a composite key; retention needs a single-column key to follow them.");
                }
            }
        }
    }

    private static bool SharesTable(IEntityType dependent, IEntityType principal)
        => string.Equals(dependent.GetTableName(), principal.GetTableName(), StringComparison.Ordinal)
            && string.Equals(dependent.GetSchema(), principal.GetSchema(), StringComparison.Ordinal);

    private static bool IsWithoutTimeZone(IProperty timestamp)
    {
        var type = Nullable.GetUnderlyingType(timestamp.ClrType) ?? timestamp.ClrType;
        if (type != typeof(DateTime))
        {
            return false;
        }

        var storeType = timestamp.GetColumnType();
        return storeType.Contains("without time zone", StringComparison.OrdinalIgnoreCase)
            || string.Equals(storeType.Trim(), "timestamp", StringComparison.OrdinalIgnoreCase);
    }
}
