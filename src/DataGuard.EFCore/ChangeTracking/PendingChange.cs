// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking.Internal;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.ChangeTracking;

/// <summary>
/// Which property values a SaveChanges interceptor must process, shared by the phone-number, tokenization and blind-index interceptors.
/// They run before SaveChanges detects changes; instead of a second full DetectChanges pass, a property of a tracked entity counts as
/// changed when it is marked modified or (with automatic detection on, as SaveChanges will detect it) differs from its snapshot.
/// Internal entries avoid an EntityEntry and PropertyEntry allocation per row.
/// </summary>
internal static class PendingChange
{
    /// <summary>Whether an entry in this state can be written by SaveChanges (added, modified, or unchanged but possibly changed).</summary>
    public static bool MayWrite(EntityState state) => state is EntityState.Added or EntityState.Modified or EntityState.Unchanged;

    /// <summary>Whether <paramref name="value"/>, the current value of <paramref name="property"/>, will be written.</summary>
    public static bool IsPending(InternalEntityEntry entry, EntityState state, IProperty property, object? value, bool detectChanges)
        => state == EntityState.Added
            || entry.IsModified(property)
            || (detectChanges && !property.GetValueComparer().Equals(entry.GetOriginalValue(property), value));
}
