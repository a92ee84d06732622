// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.ChangeTracking;
using DataGuard.EFCore.Infrastructure;
using DataGuard.EFCore.Tokenization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking.Internal;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.EFCore.PhoneNumbers;

/// <summary>
/// Normalises every added or changed phone-number property to E.164 before the row is written (and before tokenization and blind
/// indexes see it), and refuses invalid numbers with a <see cref="DataGuardValidationException"/> that names the property and shows only
/// a masked form. National numbers are read in the region of the current <see cref="IDataGuardTenantContext"/>, else the default region.
/// </summary>
internal sealed class PhoneNumberSaveChangesInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Normalize(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Normalize(eventData.Context);
        return ValueTask.FromResult(result);
    }

    internal static void Normalize(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var phones = PhoneNumberProperty.For(context.Model);
        if (phones.IsEmpty)
        {
            return;
        }

        var options = context.GetService<IDbContextOptions>();
        var settings = options.FindExtension<DataGuardOptionsExtension>()?.PhoneNumbers
            ?? throw new InvalidOperationException("The model has phone-number properties but AddPhoneNumbers() is not configured.");
        var services = options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        string? region = null;
        var regionResolved = false;
        var detect = context.ChangeTracker.AutoDetectChangesEnabled;
        foreach (var entry in context.GetService<IStateManager>().Entries)
        {
            var state = entry.EntityState;
            if (!PendingChange.MayWrite(state) || phones.Find(entry.EntityType) is not { } properties)
            {
                continue;
            }

            foreach (var (property, token) in properties)
            {
                if (entry[property] is not string value || !PendingChange.IsPending(entry, state, property, value, detect))
                {
                    continue;
                }

                // A tokenized phone number that has the shape of a token (an entity copied or re-attached after a save) is not normalised.
                // It is not trusted either: the tokenization interceptor, which runs next, stores it only if the vault holds that token for
                // the row's tenant and format, and refuses it otherwise (unknown token, another tenant's token, junk of the same shape).
                if (token is { } format && TokenFormats.IsToken(value, format))
                {
                    continue;
                }

                if (!regionResolved)
                {
                    region = services?.GetService<IDataGuardTenantContext>()?.PhoneRegion;
                    regionResolved = true;
                }

                if (!settings.Normalizer.TryNormalize(value, region, out var e164, out var error))
                {
                    var masked = settings.Masker?.Mask(value) ?? "(masked)";
                    throw new DataGuardValidationException(
                        PhoneNumberMessages.Refused($"{entry.EntityType.DisplayName()}.{property.Name}", masked, error, region),
                        $"{entry.EntityType.DisplayName()}.{property.Name}",
                        error);
                }

                if (!string.Equals(e164, value, StringComparison.Ordinal))
                {
                    entry[property] = e164;
                }
            }
        }
    }
}
