// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
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
/// the purpose, and, when the audit trail is on, the subject hashes of the values found; no values, no tokens). At most <see cref="MaxDetokenizeTokens"/> distinct tokens are detokenized per call, so that one
/// call (and one audit event) cannot export the whole vault; more throw <see cref="ArgumentException"/> before anything is read or
/// audited.</para>
/// <para>Deleting (subject erasure) demands <see cref="DataGuardPermissions.ErasePersonalData"/> the same way: a denial is audited and
/// throws, a grant is audited after the delete (action <c>erase</c>, the tenant argument, the count of entries deleted: 1 or 0, the
/// purpose; never the value).</para>
/// <para>A purpose is optional (<see langword="null"/> or empty: none). One longer than <see cref="MaxPurposeLength"/> characters or
/// holding control characters or line/paragraph separators throws <see cref="ArgumentException"/> before the permission check, so
/// it never reaches the audit trail. Thread-safe (a singleton).</para>
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
    ILogger<DbContextTokenVault<TContext>> logger,
    IAuditSubjectHasher? subjectHasher = null) : ITokenVault
    where TContext : DbContext
{
    /// <summary>The most distinct tokens one detokenize call accepts.</summary>
    public const int MaxDetokenizeTokens = 1000;

    /// <summary>The longest purpose accepted, in characters.</summary>
    public const int MaxPurposeLength = 200;

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
        ValidatePurpose(purpose);
        var values = await DetokenizeManyAsync([token], purpose, cancellationToken).ConfigureAwait(false);
        return values.GetValueOrDefault(token);
    }

    public async Task<IReadOnlyDictionary<string, string>> DetokenizeManyAsync(IReadOnlyCollection<string> tokens, string? purpose = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (string.IsNullOrEmpty(token))
            {
                throw new ArgumentException("A token is null or empty.", nameof(tokens));
            }

            if (distinct.Add(token) && distinct.Count > MaxDetokenizeTokens)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"At most {MaxDetokenizeTokens} distinct tokens can be detokenized in one call; split the tokens into batches."),
                    nameof(tokens));
            }
        }

        ValidatePurpose(purpose);
        purpose = NullIfEmpty(purpose);

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
        await access.AuditAsync(attempt with { Count = values.Count, Subjects = SubjectsOf(values) }, principal, cancellationToken: cancellationToken).ConfigureAwait(false);
        return values;
    }

    public async Task<bool> DeleteAsync(string value, string? tenantId, string? purpose = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        ValidatePurpose(purpose);
        var attempt = new AuditEvent { Action = AuditActions.Erase, Resource = TokenVaultStore.TableName, Purpose = NullIfEmpty(purpose), Count = 1, TenantId = tenantId };
        var principal = await access.DemandAsync(DataGuardPermissions.ErasePersonalData, attempt, cancellationToken).ConfigureAwait(false);
        bool deleted;
        try
        {
            using var scope = scopes.CreateScope();
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            deleted = await TokenVaultStore.DeleteAsync(context, TokenVaultStore.ProtectorFor(encryptor), value, tenantId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await access.AuditAsync(attempt, principal, AuditOutcome.Failed, ex.GetType().Name, cancellationToken).ConfigureAwait(false);
            throw;
        }

        TokenizationLog.Deleted(logger, deleted);
        await access.AuditAsync(attempt with { Count = deleted ? 1 : 0 }, principal, cancellationToken: cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    private static void ValidatePurpose(string? purpose, [CallerArgumentExpression(nameof(purpose))] string? paramName = null)
    {
        if (purpose is null)
        {
            return;
        }

        if (purpose.Length > MaxPurposeLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A purpose can hold at most {MaxPurposeLength} characters."), paramName);
        }

        foreach (var c in purpose)
        {
            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                throw new ArgumentException("A purpose cannot hold control characters or line breaks.", paramName);
            }
        }
    }

    /// <summary>The subject hashes of the detokenized values (when the audit trail's hasher is registered), also added to the current audit context.</summary>
    private string[] SubjectsOf(Dictionary<string, string> values)
    {
        if (subjectHasher is null || values.Count == 0)
        {
            return [];
        }

        var hashes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var value in values.Values)
        {
            // A blank value identifies no one (and the hasher refuses it).
            if (!string.IsNullOrWhiteSpace(value))
            {
                hashes.Add(subjectHasher.Hash(value));
            }
        }

        var result = new string[hashes.Count];
        hashes.CopyTo(result);
        DataGuard.Auditing.AuditContext.Current?.AddSubjects(result);
        return result;
    }

    private static string? NullIfEmpty(string? purpose) => string.IsNullOrEmpty(purpose) ? null : purpose;
}
