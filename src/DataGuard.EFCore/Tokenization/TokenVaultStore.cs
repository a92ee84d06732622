// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Storage;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;

namespace DataGuard.EFCore.Tokenization;

/// <summary>
/// Reads and writes the <c>DataGuardTokens</c> vault table over the connection (and current transaction) of a given context. Used by
/// the <see cref="ITokenVault"/> (on a context of its own) and by the SaveChanges interceptor (on the application's context, so that
/// vault rows commit or roll back with the application's rows).
/// </summary>
/// <remarks>
/// <para><b>Lookup.</b> An entry is found by a blind index (truncated HMAC-SHA256 with the ring's index key, derived for the logical name
/// <see cref="LogicalName"/>) of the tenant and the value composed unambiguously: <c>g:</c> + value for global tokens,
/// <c>t{length}:{tenant}:</c> + value for a tenant. Different tenants therefore never share an entry or a token. While an index-key
/// rotation is under way, entries are looked up under every usable index key, and new entries are written under the active one.</para>
/// <para><b>Writes never raise a unique violation.</b> New entries are written with <c>INSERT ... ON CONFLICT DO NOTHING</c> (SQLite 3.24+,
/// PostgreSQL), which covers both unique indexes (lookup and token), then the tokens are read back by lookup. A concurrent writer of
/// the same value makes the insert do nothing and the read returns the winner's token, so every caller gets the same token and a
/// PostgreSQL transaction of the application is never aborted. An entry still missing after the insert lost a collision on its random
/// token: it is retried with a new token, at most <see cref="MaxAttempts"/> times.</para>
/// <para><b>Round trips.</b> Bulk calls send one <c>SELECT ... IN</c> per <see cref="SelectChunk"/> lookups and one multi-row insert per
/// <see cref="InsertChunk"/> new entries (3 parameters per row, well under SQLite's 32,766 and PostgreSQL's 65,535).</para>
/// </remarks>
internal static class TokenVaultStore
{
    public const string TableName = "DataGuardTokens";
    public const string LogicalName = "DataGuardTokens.Value";
    public const int MaxAttempts = 5;
    public const int SelectChunk = 1000;
    public const int InsertChunk = 1000;

    private static readonly ConditionalWeakTable<FieldEncryptor, ColumnProtector> Protectors = [];

    /// <summary>The protector of vault values (encryption and lookups), one per key ring.</summary>
    public static ColumnProtector ProtectorFor(FieldEncryptor encryptor)
        => Protectors.GetValue(encryptor, static e => e.CreateColumnProtector(
            new ColumnProtectionSettings(TableName, "Value", LogicalName, typeof(string), EncryptionAlgorithm.Default, Searchable: true, NormalizerName: null, AllowPlaintextMigration: false)));

    /// <summary>Composes tenant and value unambiguously before hashing.</summary>
    public static string Compose(string value, string? tenantId)
        => tenantId is null
            ? "g:" + value
            : string.Create(CultureInfo.InvariantCulture, $"t{tenantId.Length}:{tenantId}:{value}");

    public static async Task<string[]> TokenizeAsync(
        DbContext context,
        ColumnProtector protector,
        TimeProvider timeProvider,
        ILogger? logger,
        IReadOnlyList<string> values,
        string? tenantId,
        TokenFormat format,
        string? property,
        bool async,
        CancellationToken cancellationToken,
        Func<string, TokenFormat, int, string>? createToken = null)
    {
        createToken ??= TokenFormats.Create;
        var result = new string[values.Count];
        if (values.Count == 0)
        {
            return result;
        }

        // Distinct values, each with its lookups (active key first) and, for phone-shaped tokens, its country calling code.
        var distinct = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = new int[values.Count];
        var entries = new List<Entry>();
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (!distinct.TryGetValue(value, out var slot))
            {
                var countryCode = TokenFormats.Prepare(value, format, property);
                var composed = Compose(value, tenantId);
                slot = entries.Count;
                distinct.Add(value, slot);
                entries.Add(new Entry(value, protector.ComputeBlindIndex(composed), protector.ComputeBlindIndexCandidates(composed), countryCode));
            }

            slots[i] = slot;
        }

        var table = VaultTable.For(context);
        await OpenAsync(context, async, cancellationToken).ConfigureAwait(false);
        try
        {
            var byLookup = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                foreach (var lookup in entry.Lookups)
                {
                    byLookup.TryAdd(lookup, entry);
                }
            }

            await ReadTokensAsync(context, table, byLookup, async, cancellationToken).ConfigureAwait(false);
            var missing = entries.FindAll(static e => e.Token is null);
            var requested = missing.Count;
            for (var attempt = 1; missing.Count > 0; attempt++)
            {
                if (attempt > MaxAttempts)
                {
                    throw new InvalidOperationException(
                        $"DataGuard could not create a unique {format} token for {missing.Count} value(s) after {MaxAttempts} attempts: the token space is nearly exhausted or the {TableName} table has an unexpected unique constraint.");
                }

                if (attempt > 1 && logger is not null)
                {
                    TokenizationLog.TokenCollision(logger, missing.Count, format, attempt);
                }

                var now = timeProvider.GetUtcNow();

                // Outside an application transaction the inserts of one call commit once, not once per chunk. The transaction holds
                // only inserts (no read before them), so on SQLite it never has to upgrade a read lock held by a concurrent writer.
                var own = missing.Count > InsertChunk && context.Database.CurrentTransaction is null
                    ? async
                        ? await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
                        : context.Database.BeginTransaction()
                    : null;
                try
                {
                    for (var start = 0; start < missing.Count; start += InsertChunk)
                    {
                        var chunk = missing.GetRange(start, Math.Min(InsertChunk, missing.Count - start));
                        await InsertAsync(context, table, protector, chunk, tenantId, format, now, createToken, async, cancellationToken).ConfigureAwait(false);
                    }

                    if (own is not null)
                    {
                        if (async)
                        {
                            await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            own.Commit();
                        }
                    }
                }
                finally
                {
                    if (own is not null)
                    {
                        await own.DisposeAsync().ConfigureAwait(false);
                    }
                }

                var active = new Dictionary<string, Entry>(StringComparer.Ordinal);
                foreach (var entry in missing)
                {
                    active[entry.ActiveLookup] = entry;
                }

                await ReadTokensAsync(context, table, active, async, cancellationToken).ConfigureAwait(false);
                missing = missing.FindAll(static e => e.Token is null);
            }

            if (logger is not null)
            {
                TokenizationLog.Tokenized(logger, requested, values.Count, format);
            }
        }
        finally
        {
            await CloseAsync(context, async).ConfigureAwait(false);
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] = entries[slots[i]].Token!;
        }

        return result;
    }

    /// <summary>
    /// Reads the values of <paramref name="tokens"/>. With <paramref name="tenantId"/>, only entries of that tenant and global entries
    /// are read (tokens of other tenants are absent, as unknown tokens are); without, every entry.
    /// </summary>
    /// <remarks>
    /// Each value is checked against its row: the lookup of (row tenant, decrypted value) must be the row's lookup. The ciphertext is
    /// bound only to the logical name <see cref="LogicalName"/>, so this is what detects a ciphertext copied from another row (another
    /// tenant's value) or a tenant changed in place by someone with write access to the table.
    /// </remarks>
    /// <exception cref="DataGuardCryptographicException">A row's value does not belong to its row (reason
    /// <see cref="CryptographicFailureReason.AuthenticationFailed"/>, column <see cref="LogicalName"/>).</exception>
    public static async Task<Dictionary<string, string>> DetokenizeAsync(
        DbContext context, ColumnProtector protector, IReadOnlyCollection<string> tokens, string? tenantId, CancellationToken cancellationToken)
    {
        var distinct = new List<string>(new HashSet<string>(tokens, StringComparer.Ordinal));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (distinct.Count == 0)
        {
            return result;
        }

        var table = VaultTable.For(context);
        await OpenAsync(context, async: true, cancellationToken).ConfigureAwait(false);
        try
        {
            for (var start = 0; start < distinct.Count; start += SelectChunk)
            {
                var count = Math.Min(SelectChunk, distinct.Count - start);
                using var command = RawCommand.Create(context);
                var sql = new StringBuilder("SELECT ").Append(table.TokenColumn).Append(", ").Append(table.ValueColumn).Append(", ")
                    .Append(table.LookupColumn).Append(", ").Append(table.TenantIdColumn)
                    .Append(" FROM ").Append(table.Name).Append(" WHERE ").Append(table.TokenColumn).Append(" IN (");
                AppendParameters(context, command, sql, table.Token, "t", distinct, start, count);
                sql.Append(')');
                if (tenantId is not null)
                {
                    var tenant = RawCommand.AddParameter(context, command, table.TenantId, "tenant", tenantId);
                    sql.Append(" AND (").Append(table.TenantIdColumn).Append(" = ").Append(tenant).Append(" OR ").Append(table.TenantIdColumn).Append(" IS NULL)");
                }

                command.CommandText = sql.ToString();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var value = protector.DecryptString(reader.GetString(1));
                        if (value is null)
                        {
                            continue;
                        }

                        var rowTenant = reader.IsDBNull(3) ? null : reader.GetString(3);
                        if (!IsLookupOf(protector, reader.GetString(2), value, rowTenant))
                        {
                            throw new DataGuardCryptographicException(
                                $"A value of the DataGuard token vault (table {TableName}, column Value) does not belong to its row: its lookup does not match "
                                + "the row's tenant and value. The ciphertext was copied from another row or the row's tenant was changed; the entry was not returned.",
                                CryptographicFailureReason.AuthenticationFailed,
                                LogicalName,
                                keyId: null);
                        }

                        result[reader.GetString(0)] = value;
                    }
                }
            }
        }
        finally
        {
            await CloseAsync(context, async: true).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// Reads the tenant and format of each of <paramref name="tokens"/> present in the vault, in one <c>SELECT ... IN</c> per
    /// <see cref="SelectChunk"/> tokens, over the context's connection and current transaction.
    /// </summary>
    public static async Task<Dictionary<string, (string? TenantId, int Format)>> FindTokensAsync(
        DbContext context, IReadOnlyCollection<string> tokens, bool async, CancellationToken cancellationToken)
    {
        var distinct = new List<string>(new HashSet<string>(tokens, StringComparer.Ordinal));
        var result = new Dictionary<string, (string? TenantId, int Format)>(StringComparer.Ordinal);
        if (distinct.Count == 0)
        {
            return result;
        }

        var table = VaultTable.For(context);
        await OpenAsync(context, async, cancellationToken).ConfigureAwait(false);
        try
        {
            for (var start = 0; start < distinct.Count; start += SelectChunk)
            {
                var count = Math.Min(SelectChunk, distinct.Count - start);
                using var command = RawCommand.Create(context);
                var sql = new StringBuilder("SELECT ").Append(table.TokenColumn).Append(", ").Append(table.TenantIdColumn).Append(", ").Append(table.FormatColumn)
                    .Append(" FROM ").Append(table.Name).Append(" WHERE ").Append(table.TokenColumn).Append(" IN (");
                AppendParameters(context, command, sql, table.Token, "t", distinct, start, count);
                command.CommandText = sql.Append(')').ToString();
                using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
                while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
                {
                    result[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture));
                }
            }
        }
        finally
        {
            await CloseAsync(context, async).ConfigureAwait(false);
        }

        return result;
    }

    public static async Task<bool> DeleteAsync(DbContext context, ColumnProtector protector, string value, string? tenantId, CancellationToken cancellationToken)
    {
        var lookups = protector.ComputeBlindIndexCandidates(Compose(value, tenantId));
        var table = VaultTable.For(context);
        await OpenAsync(context, async: true, cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = RawCommand.Create(context);
            var sql = new StringBuilder("DELETE FROM ").Append(table.Name).Append(" WHERE ").Append(table.LookupColumn).Append(" IN (");
            AppendParameters(context, command, sql, table.Lookup, "l", lookups, 0, lookups.Length);
            command.CommandText = sql.Append(')').ToString();
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            await CloseAsync(context, async: true).ConfigureAwait(false);
        }
    }

    /// <summary>Whether <paramref name="lookup"/> is a lookup (under any usable index key) of <paramref name="value"/> in <paramref name="tenantId"/>.</summary>
    private static bool IsLookupOf(ColumnProtector protector, string lookup, string value, string? tenantId)
    {
        foreach (var candidate in protector.ComputeBlindIndexCandidates(Compose(value, tenantId)))
        {
            if (string.Equals(candidate, lookup, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task ReadTokensAsync(DbContext context, VaultTable table, Dictionary<string, Entry> byLookup, bool async, CancellationToken cancellationToken)
    {
        var lookups = new List<string>(byLookup.Keys);
        for (var start = 0; start < lookups.Count; start += SelectChunk)
        {
            var count = Math.Min(SelectChunk, lookups.Count - start);
            using var command = RawCommand.Create(context);
            var sql = new StringBuilder("SELECT ").Append(table.LookupColumn).Append(", ").Append(table.TokenColumn)
                .Append(" FROM ").Append(table.Name).Append(" WHERE ").Append(table.LookupColumn).Append(" IN (");
            AppendParameters(context, command, sql, table.Lookup, "l", lookups, start, count);
            command.CommandText = sql.Append(')').ToString();
            using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
            while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
            {
                var entry = byLookup[reader.GetString(0)];
                entry.Token ??= reader.GetString(1);
            }
        }
    }

    private static async Task InsertAsync(
        DbContext context,
        VaultTable table,
        ColumnProtector protector,
        List<Entry> entries,
        string? tenantId,
        TokenFormat format,
        DateTimeOffset now,
        Func<string, TokenFormat, int, string> createToken,
        bool async,
        CancellationToken cancellationToken)
    {
        using var command = RawCommand.Create(context);
        var sql = new StringBuilder(table.InsertPrefix);
        var tenant = RawCommand.AddParameter(context, command, table.TenantId, "tenant", tenantId);
        var formatParameter = RawCommand.AddParameter(context, command, table.Format, "format", (int)format);
        var created = RawCommand.AddParameter(context, command, table.CreatedAt, "created", now);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var index = i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "(" : ", (")
                .Append(RawCommand.AddParameter(context, command, table.Lookup, "l" + index, entry.ActiveLookup)).Append(", ")
                .Append(RawCommand.AddParameter(context, command, table.Token, "t" + index, createToken(entry.Value, format, entry.CountryCode))).Append(", ")
                .Append(RawCommand.AddParameter(context, command, table.Value, "v" + index, protector.EncryptString(entry.Value))).Append(", ")
                .Append(tenant).Append(", ").Append(formatParameter).Append(", ").Append(created).Append(')');
        }

        command.CommandText = sql.Append(" ON CONFLICT DO NOTHING").ToString();
        _ = async ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteNonQuery();
    }

    private static void AppendParameters(DbContext context, DbCommand command, StringBuilder sql, IProperty property, string prefix, IReadOnlyList<string> values, int start, int count)
    {
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(RawCommand.AddParameter(context, command, property, prefix + i.ToString(CultureInfo.InvariantCulture), values[start + i]));
        }
    }

    private static async Task OpenAsync(DbContext context, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            context.Database.OpenConnection();
        }
    }

    private static async Task CloseAsync(DbContext context, bool async)
    {
        if (async)
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
        else
        {
            context.Database.CloseConnection();
        }
    }

    /// <summary>One distinct value being tokenized.</summary>
    private sealed class Entry(string value, string activeLookup, string[] lookups, int countryCode)
    {
        public string Value { get; } = value;

        public string ActiveLookup { get; } = activeLookup;

        public string[] Lookups { get; } = lookups;

        public int CountryCode { get; } = countryCode;

        public string? Token { get; set; }
    }
}
