// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking.Internal;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

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

        var detect = context.ChangeTracker.AutoDetectChangesEnabled;
        foreach (var entry in context.GetService<IStateManager>().Entries)
        {
            var state = entry.EntityState;
            if (!PendingChange.MayWrite(state) || index.Find(entry.EntityType) is not { } properties)
            {
                continue;
            }

            foreach (var searchable in properties)
            {
                var property = searchable.Property;
                var value = entry[property];
                if (!PendingChange.IsPending(entry, state, property, value, detect))
                {
                    continue;
                }

                entry[searchable.IndexProperty] = value is null ? null : searchable.Protector.ComputeBlindIndexOfBoxed(value);
            }
        }
    }
}
