// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking.Internal;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.EFCore.Tokenization;

/// <summary>
/// Swaps the value of every added or changed tokenized property for its token before the row is written. Runs after phone numbers
/// are normalised (so <c>[PhoneNumber, Tokenized]</c> tokenizes the E.164 form) and before blind indexes are computed.
/// </summary>
/// <remarks>
/// <para><b>What is tokenized.</b> A property of an added entity, or a property that is marked modified or differs from its original
/// value; <see langword="null"/> and empty strings are left as they are, and so is a value that already has the shape of a token of
/// the property's format (<c>tok_</c> + 26 base32 characters; a <c>+</c> and 19 to 21 digits, which no phone number has), so that copying a
/// token into another row or saving a loaded entity never tokenizes a token.</para>
/// <para><b>Tenant.</b> The value of the property named by <see cref="TokenizedAttribute.TenantProperty"/> (as invariant text), else the
/// <see cref="IDataGuardTenantContext.TenantId"/> of the context's application services, else none (global tokens).</para>
/// <para><b>Round trips.</b> One bulk tokenization per (tenant, format) group per SaveChanges, over the context's own connection and
/// current transaction: inside an application transaction the vault rows commit or roll back with the application's rows. Without one,
/// they are written (each statement on its own) before SaveChanges starts its transaction; if the save then fails, the entries stay,
/// unreferenced and harmless (the same value gets the same token again). From then on the property holds the token, even if the save fails.</para>
/// </remarks>
internal sealed class TokenizationSaveChangesInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
#pragma warning disable VSTHRD002 // The synchronous path runs every database call synchronously (async: false): the task is already complete.
        TokenizeAsync(eventData.Context, async: false, CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await TokenizeAsync(eventData.Context, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task TokenizeAsync(DbContext? context, bool async, CancellationToken cancellationToken)
    {
        if (context is null)
        {
            return;
        }

        var index = TokenizedPropertyIndex.For(context.Model);
        if (index.IsEmpty)
        {
            return;
        }

        var options = context.GetService<IDbContextOptions>();
        var services = options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        string? scopeTenant = null;
        var scopeTenantResolved = false;
        var detect = context.ChangeTracker.AutoDetectChangesEnabled;
        Dictionary<(string? Tenant, TokenFormat Format), Group>? groups = null;
        foreach (var entry in context.GetService<IStateManager>().Entries)
        {
            var state = entry.EntityState;
            if (state is not (EntityState.Added or EntityState.Modified or EntityState.Unchanged) || index.Find(entry.EntityType) is not { } properties)
            {
                continue;
            }

            foreach (var tokenized in properties)
            {
                var property = tokenized.Property;
                if (entry[property] is not string { Length: > 0 } value
                    || TokenFormats.IsToken(value, tokenized.Format)
                    || (state != EntityState.Added
                        && !entry.IsModified(property)
                        && (!detect || string.Equals((string?)entry.GetOriginalValue(property), value, StringComparison.Ordinal))))
                {
                    continue;
                }

                string? tenant;
                if (tokenized.TenantProperty is { } tenantProperty)
                {
                    tenant = Convert.ToString(entry[tenantProperty], CultureInfo.InvariantCulture);
                }
                else
                {
                    if (!scopeTenantResolved)
                    {
                        scopeTenant = services?.GetService<IDataGuardTenantContext>()?.TenantId;
                        scopeTenantResolved = true;
                    }

                    tenant = scopeTenant;
                }

                TokenFormats.Prepare(value, tokenized.Format, $"{entry.EntityType.DisplayName()}.{property.Name}");
                groups ??= [];
                if (!groups.TryGetValue((tenant, tokenized.Format), out var group))
                {
                    groups[(tenant, tokenized.Format)] = group = new Group();
                }

                group.Targets.Add((entry, property));
                group.Values.Add(value);
            }
        }

        if (groups is null)
        {
            return;
        }

        var encryptor = options.FindExtension<DataGuardOptionsExtension>()?.Encryptor
            ?? throw new InvalidOperationException(
                "The model has [Tokenized] properties, whose values are encrypted in the token vault, but field encryption is not configured. "
                + "Call services.AddDataGuard(dg => dg.UseEntityFrameworkCore<TContext>()) or AddFieldEncryption().");
        var protector = TokenVaultStore.ProtectorFor(encryptor);
        var timeProvider = services?.GetService<TimeProvider>() ?? TimeProvider.System;
        foreach (var ((tenant, format), group) in groups)
        {
            var tokens = await TokenVaultStore.TokenizeAsync(
                context, protector, timeProvider, logger: null, group.Values, tenant, format, property: null, async, cancellationToken)
                .ConfigureAwait(false);
            for (var i = 0; i < tokens.Length; i++)
            {
                var (entry, property) = group.Targets[i];
                entry[property] = tokens[i];
            }
        }
    }

    /// <summary>The values of one (tenant, format) and where their tokens go.</summary>
    private sealed class Group
    {
        public List<(InternalEntityEntry Entry, Microsoft.EntityFrameworkCore.Metadata.IProperty Property)> Targets { get; } = [];

        public List<string> Values { get; } = [];
    }
}
