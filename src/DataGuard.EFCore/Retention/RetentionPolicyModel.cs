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
    /// <summary>
    /// Resolves every policy, in run order: a policy over a dependent type (one whose foreign keys lead, directly or through other
    /// types, to another policy's type) runs before that principal's policy, so that, for example, recordings are purged before the call
    /// logs they belong to in the same run; otherwise (and to break cycles) by category.
    /// </summary>
    /// <exception cref="InvalidOperationException">A policy does not fit the model (the message names the category and what to change).</exception>
    public static IReadOnlyList<ResolvedPolicy> Resolve(IModel model, RetentionOptions options, bool sqlite, Func<Type, bool> isRegistered)
    {
        var resolved = new List<ResolvedPolicy>();
        var lifetimes = Lifetimes(model, options);
        foreach (var (category, policy) in options.Policies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var result = Resolve(model, category, policy, sqlite, isRegistered, lifetimes);
            result.Runner = PolicyRunner.Create(result);
            resolved.Add(result);
        }

        return Order(resolved);
    }

    /// <summary>
    /// Checks every policy against the model without a database connection (start-up validation) and returns one message per policy
    /// that does not fit; policies without an entity or timestamp are left to the options validator, which reports them.
    /// </summary>
    public static List<string> Validate(IModel model, RetentionOptions options, bool sqlite, Func<Type, bool> isRegistered)
    {
        var failures = new List<string>();
        var lifetimes = Lifetimes(model, options);
        foreach (var (category, policy) in options.Policies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (policy is null || (policy.EntityClrType is null && string.IsNullOrWhiteSpace(policy.Entity)) || string.IsNullOrWhiteSpace(policy.Timestamp))
            {
                continue;
            }

            try
            {
                Resolve(model, category, policy, sqlite, isRegistered, lifetimes);
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }
        }

        return failures;
    }

    /// <summary>Orders resolved policies dependents first (topologically over the model's foreign keys), ties and cycles by category.</summary>
    internal static List<ResolvedPolicy> Order(IReadOnlyList<ResolvedPolicy> policies)
    {
        // before[i] holds the policies that must run before policy i (their type depends on i's type).
        var before = policies.Select(_ => new HashSet<int>()).ToArray();
        for (var d = 0; d < policies.Count; d++)
        {
            var reached = Principals(policies[d].EntityType);
            for (var p = 0; p < policies.Count; p++)
            {
                if (p != d && policies[p].EntityType != policies[d].EntityType && reached.Contains(policies[p].EntityType))
                {
                    before[p].Add(d);
                }
            }
        }

        var ordered = new List<ResolvedPolicy>(policies.Count);
        var done = new HashSet<int>();
        while (ordered.Count < policies.Count)
        {
            var remaining = Enumerable.Range(0, policies.Count).Where(i => !done.Contains(i)).OrderBy(i => policies[i].Category, StringComparer.Ordinal).ToList();

            // A cycle (two types that depend on each other) leaves no ready policy: the first by category goes next.
            var next = remaining.FirstOrDefault(i => before[i].All(done.Contains), remaining[0]);
            done.Add(next);
            ordered.Add(policies[next]);
        }

        return ordered;
    }

    /// <summary>Every entity type <paramref name="dependent"/> reaches through foreign keys (declared on it, its base or derived types), transitively.</summary>
    private static HashSet<IEntityType> Principals(IEntityType dependent)
    {
        var reached = new HashSet<IEntityType>();
        var pending = new Stack<IEntityType>();
        pending.Push(dependent);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            foreach (var foreignKey in type.GetForeignKeys().Concat(type.GetDerivedTypes().SelectMany(t => t.GetDeclaredForeignKeys())))
            {
                foreach (var principal in foreignKey.PrincipalEntityType.GetAllBaseTypesInclusive().Concat(foreignKey.PrincipalEntityType.GetDerivedTypes()))
                {
                    if (reached.Add(principal))
                    {
                        pending.Push(principal);
                    }
                }
            }
        }

        return reached;
    }

    /// <summary>The entity type name a description shows (before the model is known).</summary>
    public static string EntityName(RetentionPolicyOptions policy)
        => policy.EntityClrType?.Name ?? policy.Entity?.Split('.', '+').LastOrDefault() ?? string.Empty;

    private static ResolvedPolicy Resolve(
        IModel model, string category, RetentionPolicyOptions policy, bool sqlite, Func<Type, bool> isRegistered, IReadOnlyDictionary<IEntityType, List<(string Category, RetentionAction Action)>> lifetimes)
    {
        var entityType = FindEntityType(model, category, policy);
        if (policy.Action != RetentionAction.Keep && Covering(entityType, lifetimes).FirstOrDefault(c => c.Action == RetentionAction.Keep) is { Category: { } statutory })
        {
            throw new InvalidOperationException(
                $"Retention policy '{category}' would {policy.Action.ToString().ToLowerInvariant()} rows of {entityType.DisplayName()}, which the keep policy '{statutory}' keeps (statutory retention). "
                + "Remove one of the two policies, or give them entity types that do not overlap.");
        }

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
            Plan(entityType, category, dependents, isRegistered, lifetimes);
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

        if (type == typeof(DateTimeOffset))
        {
            // Only a converter known to store the UTC instant keeps SQL order equal to time order: EF Core's binary converter (what
            // HasConversion<long>() picks) encodes local wall-clock ticks, so a row at 01:00-05:00 (06:00Z) would compare as before 05:00Z.
            var converter = property.GetValueConverter() ?? property.GetTypeMapping().Converter;
            if (converter is not null && converter is not DataGuard.EFCore.Storage.UtcDateTimeOffsetConverter)
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': the timestamp {name}.{property.Name} is a DateTimeOffset stored through {converter.GetType().Name}, whose SQL order need not be time order "
                    + $"(EF Core's binary converter orders by local wall-clock time). Configure it with .IsUtcTimestamp() instead "
                    + $"(modelBuilder.Entity<{entityType.ClrType.Name}>().Property(x => x.{property.Name}).IsUtcTimestamp()), which stores it as UTC.");
            }

            if (converter is null && sqlite)
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
    private static void Plan(
        IEntityType principal,
        string category,
        Dictionary<IEntityType, IReadOnlyList<DependentStep>> plans,
        Func<Type, bool> isRegistered,
        IReadOnlyDictionary<IEntityType, List<(string Category, RetentionAction Action)>> lifetimes)
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
            if (action == DependentAction.Delete && Covering(dependent, lifetimes).Any(c => c.Action != RetentionAction.Anonymize))
            {
                // The dependent's own policy decides when its rows go (a keep policy, a longer period, a tenant's choice): the principal
                // waits for them, as for a restricting foreign key, instead of taking them with it.
                action = DependentAction.Block;
            }

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

            if (action == DependentAction.Delete && isRegistered(typeof(IRetentionHook<>).MakeGenericType(dependent.ClrType)))
            {
                // Deleted with their principal, the dependents would skip their hook (and leave their files behind).
                throw new InvalidOperationException(
                    $"Retention policy '{category}': {dependent.DisplayName()} has an IRetentionHook<{dependent.ClrType.Name}> but is deleted with {principal.DisplayName()} by cascade ({foreignKey.DeleteBehavior}), "
                    + $"which would skip the hook. Give {dependent.DisplayName()} a retention policy of its own and make its foreign key to {principal.DisplayName()} OnDelete(DeleteBehavior.Restrict), "
                    + $"so that its rows (and what the hook cleans up) go first.");
            }

            steps.Add(new DependentStep(foreignKey, action));
            if (action == DependentAction.Delete)
            {
                Plan(dependent, category, plans, isRegistered, lifetimes);
                if (plans[dependent].Any(s => s.Action != DependentAction.Block) && dependent.FindPrimaryKey()?.Properties.Count != 1)
                {
                    throw new InvalidOperationException(
                        $"Retention policy '{category}': {dependent.DisplayName()} has dependents of its own but a composite key; retention needs a single-column key to follow them.");
                }
            }
        }
    }

    /// <summary>
    /// The policies by entity type (as far as their entity type resolves; the others fail on their own), for the checks that look across
    /// policies: a keep policy overrides no other policy on an overlapping type, and a dependent with a policy of its own is not deleted
    /// by its principal's cascade.
    /// </summary>
    private static Dictionary<IEntityType, List<(string Category, RetentionAction Action)>> Lifetimes(IModel model, RetentionOptions options)
    {
        var lifetimes = new Dictionary<IEntityType, List<(string Category, RetentionAction Action)>>();
        foreach (var (category, policy) in options.Policies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            IEntityType type;
            try
            {
                type = FindEntityType(model, category, policy);
            }
            catch (InvalidOperationException)
            {
                continue;
            }

            if (!lifetimes.TryGetValue(type, out var list))
            {
                lifetimes[type] = list = [];
            }

            list.Add((category, policy.Action));
        }

        return lifetimes;
    }

    /// <summary>The policies over <paramref name="entityType"/>, its base types and its derived types (whose rows overlap).</summary>
    private static IEnumerable<(string Category, RetentionAction Action)> Covering(
        IEntityType entityType, IReadOnlyDictionary<IEntityType, List<(string Category, RetentionAction Action)>> lifetimes)
        => entityType.GetAllBaseTypesInclusive().Concat(entityType.GetDerivedTypes())
            .SelectMany(t => lifetimes.TryGetValue(t, out var list) ? list : []);

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
