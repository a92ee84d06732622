// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DataGuard.EFCore.ChangeTracking;

/// <summary>
/// Keeps every blind index right on every SaveChanges path: inserts, tracked updates, and attached or detached updates
/// (<c>Update</c>, <c>Attach</c> + <c>IsModified</c>). The index of a property is recomputed whenever the property is added or modified.
/// </summary>
internal sealed class BlindIndexSaveChangesInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        UpdateIndexes(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        UpdateIndexes(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void UpdateIndexes(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var index = SearchablePropertyIndex.For(context.Model);
        if (index.IsEmpty)
        {
            return;
        }

        // Entries() detects changes first (when automatic detection is on), so modified properties of tracked entities are seen.
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || index.Find(entry.Metadata) is not { } properties)
            {
                continue;
            }

            foreach (var searchable in properties)
            {
                var property = entry.Property(searchable.Property);
                if (entry.State != EntityState.Added && !property.IsModified)
                {
                    continue;
                }

                var indexProperty = entry.Property(searchable.IndexProperty);
                indexProperty.CurrentValue = property.CurrentValue is { } value
                    ? searchable.Protector.ComputeBlindIndexOfBoxed(value)
                    : null;
            }
        }
    }
}
