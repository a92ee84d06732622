// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>Records every command's text and counts the entities of the test model that EF Core materializes.</summary>
public sealed class EngineCommandLog : DbCommandInterceptor, IMaterializationInterceptor
{
    private int _materialized;

    public ConcurrentQueue<string> Commands { get; } = new();

    public int Materialized => Volatile.Read(ref _materialized);

    /// <summary>The commands that start with the given text (for example <c>DELETE FROM "EngineEvents"</c>).</summary>
    public string[] StartingWith(string prefix) => Commands.Where(c => c.TrimStart().StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    public void Clear()
    {
        Commands.Clear();
        Volatile.Write(ref _materialized, 0);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Commands.Enqueue(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Commands.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Commands.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Commands.Enqueue(command.CommandText);
        return result;
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity.GetType().Name.StartsWith("Engine", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _materialized);
        }

        return entity;
    }
}
