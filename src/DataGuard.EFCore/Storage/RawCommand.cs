// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataGuard.EFCore.Storage;

/// <summary>
/// Plain SQL commands on a context's connection, inside its current transaction, with parameters typed by the EF model: how the token
/// vault and the audit store write without loading entities or going through interceptors and converters.
/// </summary>
internal static class RawCommand
{
    /// <summary>A command on the context's connection, enlisted in its current transaction, with its command timeout.</summary>
    public static DbCommand Create(DbContext context)
    {
        var command = context.Database.GetDbConnection().CreateCommand();
        command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
        if (context.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        return command;
    }

    /// <summary>Adds a parameter typed by the property's mapping and returns its placeholder.</summary>
    public static string AddParameter(DbContext context, DbCommand command, IProperty property, string name, object? value)
        => AddParameter(context.GetService<ISqlGenerationHelper>(), command, property, name, value);

    /// <summary>Adds a parameter typed by the property's mapping and returns its placeholder (for loops: resolve the helper once).</summary>
    public static string AddParameter(ISqlGenerationHelper sql, DbCommand command, IProperty property, string name, object? value)
    {
        var parameter = property.GetRelationalTypeMapping().CreateParameter(command, sql.GenerateParameterName(name), value, property.IsNullable);
        command.Parameters.Add(parameter);
        return sql.GenerateParameterNamePlaceholder(name);
    }
}
