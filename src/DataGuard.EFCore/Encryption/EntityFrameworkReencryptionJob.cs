// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Tokenization;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGuard.EFCore.Encryption;

/// <summary>
/// The re-encryption job over the model of <typeparamref name="TContext"/>. Reads raw stored values in primary-key order
/// (keyset pagination, never loading entities), decides per value from its header whether it needs rewriting, and rewrites
/// each row with one <c>UPDATE ... WHERE key = @key AND column = @old</c> (compare-and-swap) inside one transaction per batch.
/// The token vault's values (<c>DataGuardTokens.Value</c>), when the model has the vault, are rewritten the same way (see
/// <see cref="TokenVaultReencryption"/>).
/// </summary>
/// <typeparam name="TContext">The context whose model describes the protected tables.</typeparam>
internal sealed class EntityFrameworkReencryptionJob<TContext>(
    IServiceScopeFactory scopes,
    KeyRing ring,
    ILogger<EntityFrameworkReencryptionJob<TContext>> logger) : IReencryptionJob
    where TContext : DbContext
{
    /// <summary>Test seam: runs after a batch was read and before it is rewritten (to stage a concurrent update deterministically).</summary>
    internal Func<string, CancellationToken, Task>? AfterBatchRead { get; set; }

    public async Task<ReencryptionResult> RunAsync(ReencryptionOptions? options = null, IProgress<ReencryptionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ReencryptionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));

        var started = Stopwatch.GetTimestamp();
        await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
        using var scope = scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var results = new List<ReencryptionProgress>();
        foreach (var table in ProtectedTable.FromModel(context.Model).Concat(TokenVaultReencryption.Tables(context)))
        {
            results.Add(await RunTableAsync(context, table, options.BatchSize, progress, cancellationToken).ConfigureAwait(false));
        }

        var result = new ReencryptionResult { Tables = results };
        Log.ReencryptionFinished(logger, result.RowsScanned, result.RowsRewritten, result.RowsConflicted, result.RowsFailed, Stopwatch.GetElapsedTime(started));
        return result;
    }

    private async Task<ReencryptionProgress> RunTableAsync(TContext context, ProtectedTable table, int batchSize, IProgress<ReencryptionProgress>? progress, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder(context, table);
        long scanned = 0, rewritten = 0, conflicted = 0, failed = 0;
        var batch = 0;
        object?[]? lastKey = null;
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = await ReadBatchAsync(database.GetDbConnection(), sql, lastKey, batchSize, cancellationToken).ConfigureAwait(false);
                scanned += rows.Count;
                if (AfterBatchRead is { } hook)
                {
                    await hook(table.DisplayName, cancellationToken).ConfigureAwait(false);
                }

                var updates = new List<(StoredRow Row, List<ColumnUpdate> Changes)>();
                foreach (var row in rows)
                {
                    var changes = Plan(table, row, ref failed);
                    if (changes.Count > 0)
                    {
                        updates.Add((row, changes));
                    }
                }

                if (updates.Count > 0)
                {
                    using var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    foreach (var (row, changes) in updates)
                    {
                        var affected = await UpdateAsync(database.GetDbConnection(), transaction.GetDbTransaction(), sql, row, changes, cancellationToken).ConfigureAwait(false);
                        if (affected == 0)
                        {
                            conflicted++;
                        }
                        else
                        {
                            rewritten++;
                        }
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                batch++;
                var done = rows.Count < batchSize;
                Log.ReencryptionBatch(logger, table.DisplayName, batch, scanned, rewritten, conflicted, failed);
                progress?.Report(new ReencryptionProgress
                {
                    Table = table.DisplayName,
                    Batches = batch,
                    RowsScanned = scanned,
                    RowsRewritten = rewritten,
                    RowsConflicted = conflicted,
                    RowsFailed = failed,
                    Completed = done,
                });

                if (done)
                {
                    return new ReencryptionProgress
                    {
                        Table = table.DisplayName,
                        Batches = batch,
                        RowsScanned = scanned,
                        RowsRewritten = rewritten,
                        RowsConflicted = conflicted,
                        RowsFailed = failed,
                        Completed = true,
                    };
                }

                lastKey = rows[^1].Key;
            }
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private List<ColumnUpdate> Plan(ProtectedTable table, StoredRow row, ref long failed)
    {
        var changes = new List<ColumnUpdate>();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            var protector = column.Protector;
            var stored = row.Values[i];
            if (stored is null)
            {
                if (column.IndexColumn is not null && row.Indexes[i] is not null)
                {
                    changes.Add(new ColumnUpdate(i, null, NewValue: null, NewIndex: null, ValueChanged: false, IndexChanged: true));
                }

                continue;
            }

            var info = ColumnProtector.Inspect(stored);
            var valueStale = !info.IsCiphertext || info.KeyId != protector.ActiveKeyId || info.Algorithm != protector.Algorithm;
            if (!valueStale && column.IndexColumn is null)
            {
                continue;
            }

            byte[]? plaintext = null;
            try
            {
                plaintext = protector.DecryptToPlaintextBytes(stored);
                if (plaintext is null)
                {
                    continue;
                }

                var newValue = valueStale ? protector.EncryptPlaintextBytes(plaintext) : null;
                var newIndex = column.IndexColumn is null ? null : protector.ComputeBlindIndexFromPlaintext(plaintext);
                var indexStale = column.IndexColumn is not null && !string.Equals(newIndex, row.Indexes[i], StringComparison.Ordinal);
                if (valueStale || indexStale)
                {
                    changes.Add(new ColumnUpdate(i, stored, newValue, newIndex, valueStale, indexStale));
                }
            }
            catch (DataGuardKeyDestroyedException)
            {
                // Shredded on purpose: nothing to rewrite, ever.
            }
            catch (DataGuardCryptographicException ex)
            {
                failed++;
                Log.ReencryptionRowFailed(logger, $"{table.DisplayName}.{column.Column}", ex.Reason, ex.KeyId);
                return [];
            }
            catch (FormatException)
            {
                failed++;
                Log.ReencryptionRowFailed(logger, $"{table.DisplayName}.{column.Column}", CryptographicFailureReason.MalformedValue, null);
                return [];
            }
            finally
            {
                if (plaintext is not null)
                {
                    CryptographicOperations.ZeroMemory(plaintext);
                }
            }
        }

        return changes;
    }

    private static async Task<List<StoredRow>> ReadBatchAsync(DbConnection connection, SqlBuilder sql, object?[]? lastKey, int batchSize, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql.Select(lastKey is not null, batchSize);
        if (lastKey is not null)
        {
            for (var k = 0; k < lastKey.Length; k++)
            {
                AddParameter(command, $"@k{k}", lastKey[k]);
            }
        }

        var rows = new List<StoredRow>(batchSize);
        var table = sql.Table;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var ordinal = 0;
            var key = new object?[table.KeyColumns.Count];
            for (var k = 0; k < key.Length; k++)
            {
                key[k] = reader.GetValue(ordinal++);
            }

            var values = new object?[table.Columns.Count];
            var indexes = new string?[table.Columns.Count];
            for (var c = 0; c < values.Length; c++)
            {
                values[c] = await reader.IsDBNullAsync(ordinal, cancellationToken).ConfigureAwait(false) ? null : reader.GetValue(ordinal);
                ordinal++;
                if (table.Columns[c].IndexColumn is not null)
                {
                    indexes[c] = await reader.IsDBNullAsync(ordinal, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(ordinal);
                    ordinal++;
                }
            }

            rows.Add(new StoredRow(key, values, indexes));
        }

        return rows;
    }

    private static async Task<int> UpdateAsync(DbConnection connection, DbTransaction transaction, SqlBuilder sql, StoredRow row, List<ColumnUpdate> changes, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql.Update(changes);
        for (var k = 0; k < row.Key.Length; k++)
        {
            AddParameter(command, $"@k{k}", row.Key[k]);
        }

        foreach (var change in changes)
        {
            if (change.ValueChanged)
            {
                AddParameter(command, $"@v{change.Column}", change.NewValue);
            }

            if (change.IndexChanged)
            {
                AddParameter(command, $"@i{change.Column}", change.NewIndex);
            }

            if (change.OldValue is not null)
            {
                AddParameter(command, $"@o{change.Column}", change.OldValue);
            }
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private sealed record StoredRow(object?[] Key, object?[] Values, string?[] Indexes);

    private sealed record ColumnUpdate(int Column, object? OldValue, object? NewValue, string? NewIndex, bool ValueChanged, bool IndexChanged);

    /// <summary>Provider-neutral SQL for keyset reads and compare-and-swap updates, with identifiers quoted by the provider.</summary>
    private sealed class SqlBuilder
    {
        private readonly ISqlGenerationHelper _helper;
        private readonly bool _top;
        private readonly string _from;
        private readonly string _selectList;
        private readonly string _orderBy;
        private readonly string _keyset;
        private readonly string _keyMatch;

        public SqlBuilder(TContext context, ProtectedTable table)
        {
            Table = table;
            _helper = context.GetService<ISqlGenerationHelper>();
            _top = context.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true;
            _from = _helper.DelimitIdentifier(table.Name, table.Schema);
            var keys = table.KeyColumns.Select(Quote).ToList();
            var columns = table.Columns.SelectMany(c => c.IndexColumn is null ? [Quote(c.Column)] : new[] { Quote(c.Column), Quote(c.IndexColumn) });
            _selectList = string.Join(", ", keys.Concat(columns));
            _orderBy = string.Join(", ", keys);

            // (k0 > @k0) OR (k0 = @k0 AND k1 > @k1) ...: row-value comparison written out, so every provider understands it.
            var terms = new List<string>();
            for (var i = 0; i < keys.Count; i++)
            {
                var equal = Enumerable.Range(0, i).Select(j => $"{keys[j]} = @k{j}");
                terms.Add("(" + string.Join(" AND ", equal.Append($"{keys[i]} > @k{i}")) + ")");
            }

            _keyset = string.Join(" OR ", terms);
            _keyMatch = string.Join(" AND ", keys.Select((k, i) => $"{k} = @k{i}"));
        }

        public ProtectedTable Table { get; }

        public string Select(bool afterKey, int batchSize)
        {
            var where = afterKey ? $" WHERE {_keyset}" : string.Empty;
            return _top
                ? $"SELECT TOP ({batchSize}) {_selectList} FROM {_from}{where} ORDER BY {_orderBy}"
                : $"SELECT {_selectList} FROM {_from}{where} ORDER BY {_orderBy} LIMIT {batchSize}";
        }

        public string Update(List<ColumnUpdate> changes)
        {
            var set = new List<string>();
            var where = new StringBuilder(_keyMatch);
            foreach (var change in changes)
            {
                var column = Table.Columns[change.Column];
                if (change.ValueChanged)
                {
                    set.Add($"{Quote(column.Column)} = @v{change.Column}");
                }

                if (change.IndexChanged)
                {
                    set.Add($"{Quote(column.IndexColumn!)} = @i{change.Column}");
                }

                where.Append(change.OldValue is null
                    ? $" AND {Quote(column.Column)} IS NULL"
                    : $" AND {Quote(column.Column)} = @o{change.Column}");
            }

            return $"UPDATE {_from} SET {string.Join(", ", set)} WHERE {where}";
        }

        private string Quote(string identifier) => _helper.DelimitIdentifier(identifier);
    }
}
