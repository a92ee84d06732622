// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.ChangeTracking;
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
/// value; <see langword="null"/> and empty strings are left as they are. A value that already has the shape of a token of the property's
/// format (<c>tok_</c> + 26 base32 characters; a <c>+</c> and 19 to 21 digits, which no phone number has) is not tokenized again, so
/// that copying a token into another row or saving a re-attached entity works; but it is stored only if the vault holds that token
/// for the row's tenant (<see langword="null"/>: global, matched exactly) and the property's format. Otherwise (an unknown token, junk
/// of the same shape, a token of another tenant) the save is refused with a <see cref="DataGuardValidationException"/> naming the
/// property, before anything is written. All token-shaped values of a save are checked with one query (per 1,000) over the context's
/// connection and transaction, so tokens written earlier in the same transaction count. This also covers <c>[PhoneNumber, Tokenized]</c>
/// properties, whose token-shaped values the phone-number interceptor leaves to this check. A value equal to the original value of a
/// tracked entity (and not marked modified) is not checked again.</para>
/// <para><b>Tenant.</b> The value of the property named by <see cref="TokenizedAttribute.TenantProperty"/> (as invariant text;
/// <see langword="null"/> means a global token, and an empty or white-space tenant is refused with a
/// <see cref="DataGuardValidationException"/>, because it is almost always a tenant that was never set), else the
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
        List<TokenCheck>? tokenChecks = null;
        foreach (var entry in context.GetService<IStateManager>().Entries)
        {
            var state = entry.EntityState;
            if (!PendingChange.MayWrite(state) || index.Find(entry.EntityType) is not { } properties)
            {
                continue;
            }

            foreach (var tokenized in properties)
            {
                var property = tokenized.Property;
                if (entry[property] is not string { Length: > 0 } value || !PendingChange.IsPending(entry, state, property, value, detect))
                {
                    continue;
                }

                var where = $"{entry.EntityType.DisplayName()}.{property.Name}";
                string? tenant;
                if (tokenized.TenantProperty is { } tenantProperty)
                {
                    tenant = TenantOf(entry[tenantProperty], where, $"{entry.EntityType.DisplayName()}.{tenantProperty.Name}");
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

                if (TokenFormats.IsToken(value, tokenized.Format))
                {
                    // Stored as it is only if the vault holds it for this tenant and format (checked below, all at once).
                    (tokenChecks ??= []).Add(new TokenCheck(where, value, tenant, tokenized.Format));
                    continue;
                }

                TokenFormats.Prepare(value, tokenized.Format, where);
                groups ??= [];
                if (!groups.TryGetValue((tenant, tokenized.Format), out var group))
                {
                    groups[(tenant, tokenized.Format)] = group = new Group();
                }

                group.Targets.Add((entry, property));
                group.Values.Add(value);
            }
        }

        if (tokenChecks is not null)
        {
            await CheckTokensAsync(context, tokenChecks, async, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The tenant held by a tenant property: <see langword="null"/> (a global token) for <see langword="null"/>, else the value as
    /// invariant text, which must not be empty or white space.
    /// </summary>
    private static string? TenantOf(object? value, string where, string tenantProperty)
    {
        if (value is null)
        {
            return null;
        }

        var tenant = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (string.IsNullOrWhiteSpace(tenant))
        {
            throw new DataGuardValidationException(
                $"DataGuard cannot tokenize {where}: its tenant property {tenantProperty} is empty. Set it to the tenant, or to null for a global token.",
                where,
                PhoneNumberError.None);
        }

        return tenant;
    }

    /// <summary>
    /// Refuses a token-shaped value unless the vault holds that token for the same tenant (<see langword="null"/>: global) and format.
    /// One query for all values of the save, over the context's connection and current transaction, before anything is written.
    /// </summary>
    private static async Task CheckTokensAsync(DbContext context, List<TokenCheck> checks, bool async, CancellationToken cancellationToken)
    {
        var tokens = new List<string>(checks.Count);
        foreach (var check in checks)
        {
            tokens.Add(check.Token);
        }

        var found = await TokenVaultStore.FindTokensAsync(context, tokens, async, cancellationToken).ConfigureAwait(false);
        foreach (var check in checks)
        {
            if (!found.TryGetValue(check.Token, out var entry)
                || !string.Equals(entry.TenantId, check.Tenant, StringComparison.Ordinal)
                || entry.Format != (int)check.Format)
            {
                throw new DataGuardValidationException(
                    $"DataGuard refused the value of {check.Property}: it has the shape of a {check.Format} token, but the token vault holds no such token "
                    + "for this row's tenant and format (the token is unknown, or belongs to another tenant). Assign the value itself, which is "
                    + "tokenized on save, or a token created for the same tenant.",
                    check.Property,
                    PhoneNumberError.None);
            }
        }
    }

    /// <summary>A token-shaped value to check against the vault.</summary>
    private sealed record TokenCheck(string Property, string Token, string? Tenant, TokenFormat Format);

    /// <summary>The values of one (tenant, format) and where their tokens go.</summary>
    private sealed class Group
    {
        public List<(InternalEntityEntry Entry, Microsoft.EntityFrameworkCore.Metadata.IProperty Property)> Targets { get; } = [];

        public List<string> Values { get; } = [];
    }
}
