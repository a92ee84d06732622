// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using DataGuard.EFCore.ChangeTracking;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// Builds the predicate of the rows of one entity type that the legal holds in force cover (tenant, record and subject holds). Fails
/// closed: a hold that names this table but cannot be applied (a record key or tenant id that does not convert to the property's type,
/// a national phone number when national numbers are read per tenant) throws, so the policy fails instead of purging held rows.
/// </summary>
internal static class RetentionHoldPredicate
{
    /// <summary>Rows of <paramref name="target"/> (the row expression <paramref name="row"/>) a hold covers, or <see langword="null"/> when none applies.</summary>
    /// <exception cref="InvalidOperationException">A hold that applies to this table cannot be converted to its column types.</exception>
    public static Expression? Held(RetentionHoldTarget target, Expression row, ActiveLegalHolds holds, string category)
    {
        if (holds.IsEmpty)
        {
            return null;
        }

        Expression? held = null;
        var tenant = target.Tenant;
        if (tenant is not null && holds.Tenants.Count > 0)
        {
            var tenants = Convert(holds.Tenants, tenant.ClrType, category, target, "a tenant hold names a tenant id that is not a valid value of its tenant property " + tenant.Name);
            held = RetentionExpressions.Or(held, RetentionExpressions.In(tenants, RetentionExpressions.Property(row, tenant)));
        }

        var recordKeys = new List<string>();
        foreach (var name in target.HoldTypeNames)
        {
            if (holds.Records.TryGetValue(name, out var keys))
            {
                recordKeys.AddRange(keys);
            }
        }

        if (recordKeys.Count > 0)
        {
            if (target.Key is null)
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': a record hold names a row of {target.EntityType.DisplayName()}, whose key is composite; record holds need a single-column key.");
            }

            // A record key is unique in its table: a record hold limited to a tenant holds that row whatever the tenant (it can only be held more, never less).
            var keyValues = Convert(recordKeys, target.Key.ClrType, category, target, "a record hold names a key that is not a valid value of its key " + target.Key.Name);
            held = RetentionExpressions.Or(held, RetentionExpressions.In(keyValues, RetentionExpressions.Property(row, target.Key)));
        }

        if (holds.Subjects.Count > 0 && target.Subjects.Count > 0)
        {
            foreach (var searchable in target.Subjects)
            {
                var index = RetentionExpressions.Property(row, searchable.IndexProperty);
                var everywhere = new List<string>();
                var byTenant = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var (identifier, tenantId) in holds.Subjects)
                {
                    var candidates = Candidates(searchable, identifier, category);
                    if (tenantId is null || tenant is null)
                    {
                        everywhere.AddRange(candidates);
                    }
                    else
                    {
                        if (!byTenant.TryGetValue(tenantId, out var list))
                        {
                            byTenant[tenantId] = list = [];
                        }

                        list.AddRange(candidates);
                    }
                }

                if (everywhere.Count > 0)
                {
                    held = RetentionExpressions.Or(held, RetentionExpressions.In(everywhere.Distinct(StringComparer.Ordinal).ToArray(), index));
                }

                foreach (var (tenantId, candidates) in byTenant)
                {
                    if (candidates.Count == 0)
                    {
                        continue;
                    }

                    var tenantValue = RetentionValues.FromText(tenantId, tenant!.ClrType)
                        ?? throw Unconvertible(category, target, "a subject hold is limited to a tenant id that is not a valid value of its tenant property " + tenant.Name);
                    held = RetentionExpressions.Or(
                        held,
                        Expression.AndAlso(
                            Expression.Equal(RetentionExpressions.Property(row, tenant), RetentionExpressions.Parameter(tenantValue, tenant.ClrType)),
                            RetentionExpressions.In(candidates.Distinct(StringComparer.Ordinal).ToArray(), index)));
                }
            }
        }

        return held;
    }

    /// <summary>
    /// The blind-index candidates of a subject identifier in one column: phone numbers normalised to E.164 first; the identifier converted
    /// to the column's type when that is not text (an identifier that is not a value of that type cannot be in the column: no candidates).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The identifier is a phone number in national form and the application reads national numbers in each tenant's region, so the
    /// stored numbers' E.164 forms cannot be known here.
    /// </exception>
    internal static string[] Candidates(SearchableProperty searchable, string identifier, string category)
    {
        object value = identifier;
        if (searchable.PhoneNumbers is { } phoneNumbers && phoneNumbers.Normalizer.TryNormalize(identifier, null, out var e164, out _))
        {
            if (phoneNumbers.TenantRegions && !identifier.AsSpan().TrimStart().StartsWith("+", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Retention policy '{category}': a subject hold's identifier is a phone number in national form, and the application reads national numbers in each tenant's region, "
                    + $"so it cannot be matched in {searchable.Property.DeclaringType.DisplayName()}.{searchable.Property.Name} (it would match nothing, or the wrong number). "
                    + "Lift the hold and place it again with the number in international form (+...).");
            }

            value = e164;
        }

        if (searchable.Protector.HasUnavailableIndexKeys)
        {
            throw new InvalidOperationException(
                $"Retention policy '{category}': a blind-index key of the key ring is unavailable (it could not be unwrapped), so rows of "
                + $"{searchable.Property.DeclaringType.DisplayName()}.{searchable.Property.Name} indexed under it cannot be matched against subject holds; "
                + "nothing of this policy is purged until the key is available again (or destroyed).");
        }

        var type = Nullable.GetUnderlyingType(searchable.Property.ClrType) ?? searchable.Property.ClrType;
        if (type != typeof(string))
        {
            if (RetentionValues.FromText(identifier, type) is not { } typed)
            {
                return [];
            }

            value = typed;
        }

        return searchable.Protector.ComputeBlindIndexCandidates(value);
    }

    private static Array Convert(IEnumerable<string> texts, Type type, string category, RetentionHoldTarget target, string what)
    {
        var values = new List<object?>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (seen.Add(text))
            {
                values.Add(RetentionValues.FromText(text, type) ?? throw Unconvertible(category, target, what));
            }
        }

        return RetentionValues.ToArray(values, type);
    }

    private static InvalidOperationException Unconvertible(string category, RetentionHoldTarget target, string what)
        => new($"Retention policy '{category}': {what} of {target.EntityType.DisplayName()}; "
            + "a hold that cannot be applied is never ignored, so nothing of this policy is purged until the hold is lifted or corrected.");
}
