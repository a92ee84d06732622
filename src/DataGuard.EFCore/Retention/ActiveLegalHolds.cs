// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// The legal holds in force at one instant, as a purge statement needs them. Subject identifiers are decrypted here and live only in
/// memory for the batch (they are turned into each table's blind-index candidates).
/// </summary>
/// <param name="Tenants">Tenants under a tenant hold.</param>
/// <param name="Records">Held record keys (invariant text) by entity type CLR full name, each with the tenant it is limited to (or null).</param>
/// <param name="Subjects">Held subject identifiers, each with the tenant it is limited to (or null).</param>
internal sealed record ActiveLegalHolds(
    IReadOnlySet<string> Tenants,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Records,
    IReadOnlyList<(string Identifier, string? TenantId)> Subjects)
{
    public static ActiveLegalHolds None { get; } = new(new HashSet<string>(), new Dictionary<string, IReadOnlyList<string>>(), []);

    public bool IsEmpty => Tenants.Count == 0 && Records.Count == 0 && Subjects.Count == 0;
}
