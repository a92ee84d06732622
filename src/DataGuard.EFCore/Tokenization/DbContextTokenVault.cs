// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;
using DataGuard.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGuard.EFCore.Tokenization;

/// <summary>
/// The <see cref="ITokenVault"/> over the <c>DataGuardTokens</c> table of <typeparamref name="TContext"/> (added by
/// <c>modelBuilder.AddDataGuard()</c>). Each call uses a fresh context from a new scope, so its writes commit on their own; the
/// SaveChanges interceptor instead writes through the application's context and transaction. See <see cref="TokenVaultStore"/> for
/// how entries are found and written.
/// </summary>
/// <remarks>
/// <para>Detokenizing demands <see cref="DataGuardPermissions.Detokenize"/> of the current principal before anything is read; a denial is
/// audited and throws, a grant is audited after the read (action <c>detokenize</c>, the tenant, the number of tokens asked for and found,
/// the purpose; no values, no tokens). Thread-safe (a singleton).</para>
/// <para><b>Tenants.</b> Detokenizing resolves <see cref="IDataGuardTenantContext"/> from the scope the vault creates for its context
/// (the same application services the context's SaveChanges interceptor reads). When one is registered and its
/// <see cref="IDataGuardTenantContext.TenantId"/> is not <see langword="null"/>, only tokens of that tenant and global tokens are
/// resolved; tokens of other tenants are absent from the result, exactly like unknown tokens. Without a tenant context, or when it
/// yields <see langword="null"/> (single-tenant applications, background jobs that work across tenants), there is no tenant filter:
/// every token of the vault resolves. Tokenizing and deleting take the tenant as an argument and are not filtered.</para>
/// <para><b>Tampering.</b> Each value read is checked against its row (see <see cref="TokenVaultStore.DetokenizeAsync"/>): a value
/// copied from another row, or a row whose tenant was changed, throws <see cref="DataGuardCryptographicException"/> and is audited as a
/// failure.</para>
/// </remarks>
/// <typeparam name="TContext">The context that holds the vault table.</typeparam>
internal sealed class DbContextTokenVault<TContext>(
    IServiceScopeFactory scopes,
    FieldEncryptor encryptor,
    PersonalDataAccess access,
    TimeProvider timeProvider,
    ILogger<DbContextTokenVault<TContext>> logger) : ITokenVault
    where TContext : DbContext
{
    public async Task<string> TokenizeAsync(string value, string? tenantId, TokenFormat format = TokenFormat.Opaque, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var tokens = await TokenizeManyAsync([value], tenantId, format, cancellationToken).ConfigureAwait(false);
        return tokens[0];
    }

    public async Task<IReadOnlyList<string>> TokenizeManyAsync(IReadOnlyList<string> values, string? tenantId, TokenFormat format = TokenFormat.Opaque, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        TokenFormats.Validate(format, nameof(format));
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrEmpty(values[i]))
            {
                throw new ArgumentException($"The value at index {i} is null or empty; only non-empty values can be tokenized.", nameof(values));
            }
        }

        if (values.Count == 0)
        {
            return [];
        }

        using var scope = scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        return await TokenVaultStore.TokenizeAsync(
            context, TokenVaultStore.ProtectorFor(encryptor), timeProvider, logger, values, tenantId, format, property: null, async: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> DetokenizeAsync(string token, string? purpose = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var values = await DetokenizeManyAsync([token], purpose, cancellationToken).ConfigureAwait(false);
        return values.GetValueOrDefault(token);
    }

    public async Task<IReadOnlyDictionary<string, string>> DetokenizeManyAsync(IReadOnlyCollection<string> tokens, string? purpose = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (var token in tokens)
        {
            if (string.IsNullOrEmpty(token))
            {
                throw new ArgumentException("A token is null or empty.", nameof(tokens));
            }
        }

        // The tenant comes from the same scope as the vault's context (the context's application services), as the SaveChanges
        // interceptor reads it: a singleton tenant context (AsyncLocal) or a scoped one that reads ambient state (IHttpContextAccessor).
        using var scope = scopes.CreateScope();
        var tenantId = scope.ServiceProvider.GetService<IDataGuardTenantContext>()?.TenantId;
        var attempt = new AuditEvent { Action = AuditActions.Detokenize, Resource = TokenVaultStore.TableName, Purpose = purpose, Count = tokens.Count, TenantId = tenantId };
        var principal = await access.DemandAsync(DataGuardPermissions.Detokenize, attempt, cancellationToken).ConfigureAwait(false);
        Dictionary<string, string> values;
        try
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            values = await TokenVaultStore.DetokenizeAsync(context, TokenVaultStore.ProtectorFor(encryptor), tokens, tenantId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await access.AuditAsync(attempt, principal, AuditOutcome.Failed, ex.GetType().Name, cancellationToken).ConfigureAwait(false);
            throw;
        }

        TokenizationLog.Detokenized(logger, tokens.Count, values.Count);
        await access.AuditAsync(attempt with { Count = values.Count }, principal, cancellationToken: cancellationToken).ConfigureAwait(false);
        return values;
    }

    public async Task<bool> DeleteAsync(string value, string? tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        using var scope = scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var deleted = await TokenVaultStore.DeleteAsync(context, TokenVaultStore.ProtectorFor(encryptor), value, tenantId, cancellationToken).ConfigureAwait(false);
        TokenizationLog.Deleted(logger, deleted);
        return deleted;
    }
}
