// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// Counts the DELETE statements EF Core sends for one table and, at the <see cref="TriggerAt"/>-th, acts at a chosen point: cancels a
/// run, throws (a simulated crash) or stalls until released. Used as a command and transaction interceptor of one host's contexts.
/// </summary>
public sealed class ReliabilityDeleteWatch(string table) : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbCommand, StrongBox<int>> _numbers = new();
    private int _deletes;
    private int _deletesAfterTrigger;
    private int _triggered;
    private DbTransaction? _pending;

    /// <summary>Gets or sets the 1-based number of the DELETE statement to act at (default: never).</summary>
    public int TriggerAt { get; set; } = int.MaxValue;

    /// <summary>Gets or sets where to act.</summary>
    public ReliabilityTriggerPoint Point { get; set; }

    /// <summary>Gets or sets what to do (cancel a token, throw); may be <see langword="null"/>.</summary>
    public Action? Act { get; set; }

    /// <summary>Gets or sets what to wait for before going on (a stall), or <see langword="null"/>.</summary>
    public Func<Task>? Stall { get; set; }

    /// <summary>Gets the DELETE statements on the table so far.</summary>
    public int Deletes => Volatile.Read(ref _deletes);

    /// <summary>Gets the DELETE statements that started after the watch acted.</summary>
    public int DeletesAfterTrigger => Volatile.Read(ref _deletesAfterTrigger);

    /// <summary>Gets whether the watch acted.</summary>
    public bool Triggered => Volatile.Read(ref _triggered) != 0;

    /// <inheritdoc />
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        BeforeAsync(command).GetAwaiter().GetResult();
        return result;
    }

    /// <inheritdoc />
    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command);
        return result;
    }

    /// <inheritdoc />
    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        AfterAsync(command).GetAwaiter().GetResult();
        return result;
    }

    /// <inheritdoc />
    public async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await AfterAsync(command);
        return result;
    }

    /// <inheritdoc />
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        BeforeAsync(command).GetAwaiter().GetResult();
        return result;
    }

    /// <inheritdoc />
    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command);
        return result;
    }

    /// <inheritdoc />
    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        AfterAsync(command).GetAwaiter().GetResult();
        return result;
    }

    /// <inheritdoc />
    public async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        await AfterAsync(command);
        return result;
    }

    /// <inheritdoc />
    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => CommittedAsync(transaction).GetAwaiter().GetResult();

    /// <inheritdoc />
    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => CommittedAsync(transaction);

    private bool IsDelete(DbCommand command)
        => command.CommandText.Contains("DELETE", StringComparison.OrdinalIgnoreCase) && command.CommandText.Contains(table, StringComparison.Ordinal);

    private Task BeforeAsync(DbCommand command)
    {
        if (!IsDelete(command))
        {
            return Task.CompletedTask;
        }

        if (Triggered)
        {
            Interlocked.Increment(ref _deletesAfterTrigger);
        }

        var number = Interlocked.Increment(ref _deletes);
        _numbers.AddOrUpdate(command, new StrongBox<int>(number));
        return number == TriggerAt && Point == ReliabilityTriggerPoint.BeforeStatement ? FireAsync() : Task.CompletedTask;
    }

    private Task AfterAsync(DbCommand command)
    {
        if (!_numbers.TryGetValue(command, out var number) || number.Value != TriggerAt)
        {
            return Task.CompletedTask;
        }

        if (Point == ReliabilityTriggerPoint.AfterStatement || (Point == ReliabilityTriggerPoint.AfterCommit && command.Transaction is null))
        {
            return FireAsync();
        }

        if (Point == ReliabilityTriggerPoint.AfterCommit)
        {
            _pending = command.Transaction;
        }

        return Task.CompletedTask;
    }

    private Task CommittedAsync(DbTransaction transaction)
    {
        if (_pending is null || !ReferenceEquals(_pending, transaction))
        {
            return Task.CompletedTask;
        }

        _pending = null;
        return FireAsync();
    }

    private async Task FireAsync()
    {
        if (Interlocked.Exchange(ref _triggered, 1) != 0)
        {
            return;
        }

        if (Stall is { } stall)
        {
            await stall();
        }

        Act?.Invoke();
    }
}
