// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// The database lease of retention runs (a row of <c>DataGuardLeases</c>): taken with one conditional update that also raises its
/// fencing token, renewed only while owner and token are unchanged, released by expiring it.
/// </summary>
/// <remarks>
/// <para>Acquire: the row is created if missing (<c>INSERT ... ON CONFLICT DO NOTHING</c>), then
/// <c>UPDATE ... SET Owner = @me, ExpiresAt = @now + duration, FencingToken = FencingToken + 1 WHERE Name = @n AND (ExpiresAt &lt; @now OR Owner = @me)</c>:
/// exactly one of several instances racing for an expired lease changes the row. Renew:
/// <c>UPDATE ... WHERE Name = @n AND Owner = @me AND FencingToken = @token</c>; no row changed means another instance took it.</para>
/// </remarks>
internal sealed class RetentionLease
{
    /// <summary>The lease's name.</summary>
    public const string Name = "dataguard:retention";

    private readonly string _owner;

    public RetentionLease(string owner) => _owner = owner;

    public string Owner => _owner;

    /// <summary>Unix microseconds (UTC) of an instant.</summary>
    public static long ToMicros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Takes the lease if it is free, expired or already ours; returns its fencing token, or <see langword="null"/> when another instance holds it.</summary>
    /// <remarks><paramref name="cancellationToken"/> cancels only before the taking update is sent; the update itself always completes.</remarks>
    public async Task<long?> TryAcquireAsync(DbContext context, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var t = Table.For(context);
        var nowMicros = ToMicros(now);
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using (var insert = RawCommand.Create(context))
            {
                var n = RawCommand.AddParameter(t.Sql, insert, t.NameProperty, "n", Name);
                var zero = RawCommand.AddParameter(t.Sql, insert, t.ExpiresProperty, "z", 0L);
                var token = RawCommand.AddParameter(t.Sql, insert, t.TokenProperty, "t", 0L);
                insert.CommandText = $"INSERT INTO {t.Name} ({t.NameColumn}, {t.ExpiresColumn}, {t.TokenColumn}) VALUES ({n}, {zero}, {token}) ON CONFLICT DO NOTHING";
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using var update = RawCommand.Create(context);
            var name = RawCommand.AddParameter(t.Sql, update, t.NameProperty, "n", Name);
            var owner = RawCommand.AddParameter(t.Sql, update, t.OwnerProperty, "o", _owner);
            var expires = RawCommand.AddParameter(t.Sql, update, t.ExpiresProperty, "e", nowMicros + (duration.Ticks / 10));
            var current = RawCommand.AddParameter(t.Sql, update, t.ExpiresProperty, "c", nowMicros);
            update.CommandText = $"UPDATE {t.Name} SET {t.OwnerColumn} = {owner}, {t.ExpiresColumn} = {expires}, {t.TokenColumn} = {t.TokenColumn} + 1 "
                + $"WHERE {t.NameColumn} = {name} AND ({t.ExpiresColumn} < {current} OR {t.OwnerColumn} = {owner}) RETURNING {t.TokenColumn}";
            // Not cancellable: a cancellation that arrived while the server committed the update would leave the lease taken (until it
            // expires) by a run that never starts. The caller checks the token once it holds the lease, and releases it.
            var result = await update.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            return result is null or DBNull ? null : Convert.ToInt64(result, CultureInfo.InvariantCulture);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Extends the lease; <see langword="false"/> when another instance took it over (owner or fencing token changed).</summary>
    public async Task<bool> RenewAsync(DbContext context, long fencingToken, DateTimeOffset now, TimeSpan duration)
        => await UpdateExpiryAsync(context, fencingToken, ToMicros(now) + (duration.Ticks / 10)).ConfigureAwait(false) == 1;

    /// <summary>Expires the lease now, if it is still ours.</summary>
    public Task ReleaseAsync(DbContext context, long fencingToken, DateTimeOffset now)
        => UpdateExpiryAsync(context, fencingToken, ToMicros(now));

    private async Task<int> UpdateExpiryAsync(DbContext context, long fencingToken, long expiresMicros)
    {
        var t = Table.For(context);
        await context.Database.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            using var update = RawCommand.Create(context);
            var name = RawCommand.AddParameter(t.Sql, update, t.NameProperty, "n", Name);
            var owner = RawCommand.AddParameter(t.Sql, update, t.OwnerProperty, "o", _owner);
            var token = RawCommand.AddParameter(t.Sql, update, t.TokenProperty, "t", fencingToken);
            var expires = RawCommand.AddParameter(t.Sql, update, t.ExpiresProperty, "e", expiresMicros);
            update.CommandText = $"UPDATE {t.Name} SET {t.ExpiresColumn} = {expires} WHERE {t.NameColumn} = {name} AND {t.OwnerColumn} = {owner} AND {t.TokenColumn} = {token}";
            return await update.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The lease table's delimited names and typed properties.</summary>
    private sealed class Table
    {
        private Table(IEntityType entityType, ISqlGenerationHelper sql)
        {
            Sql = sql;
            var store = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            Name = sql.DelimitIdentifier(store.Name, store.Schema);
            NameProperty = entityType.FindProperty(nameof(DataGuardLeaseEntity.Name))!;
            OwnerProperty = entityType.FindProperty(nameof(DataGuardLeaseEntity.Owner))!;
            ExpiresProperty = entityType.FindProperty(nameof(DataGuardLeaseEntity.ExpiresAtMicros))!;
            TokenProperty = entityType.FindProperty(nameof(DataGuardLeaseEntity.FencingToken))!;
            NameColumn = sql.DelimitIdentifier(NameProperty.GetColumnName(store)!);
            OwnerColumn = sql.DelimitIdentifier(OwnerProperty.GetColumnName(store)!);
            ExpiresColumn = sql.DelimitIdentifier(ExpiresProperty.GetColumnName(store)!);
            TokenColumn = sql.DelimitIdentifier(TokenProperty.GetColumnName(store)!);
        }

        public ISqlGenerationHelper Sql { get; }

        public string Name { get; }

        public IProperty NameProperty { get; }

        public IProperty OwnerProperty { get; }

        public IProperty ExpiresProperty { get; }

        public IProperty TokenProperty { get; }

        public string NameColumn { get; }

        public string OwnerColumn { get; }

        public string ExpiresColumn { get; }

        public string TokenColumn { get; }

        public static Table For(DbContext context)
        {
            var entityType = context.Model.FindEntityType(typeof(DataGuardLeaseEntity))
                ?? throw new InvalidOperationException(
                    $"{context.GetType().Name} runs retention but its model has no {RetentionModel.LeaseTableName} table. Call modelBuilder.AddDataGuard() in OnModelCreating, then add a migration.");
            return new Table(entityType, context.GetService<ISqlGenerationHelper>());
        }
    }
}
