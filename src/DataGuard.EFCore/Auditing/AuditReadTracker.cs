// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// The audited reads in progress: by command (from reader execution to disposal) and by context (for the materialization interceptor,
/// which sees the context but not the command). A context runs one query at a time; split queries open their readers one after another.
/// </summary>
internal static class AuditReadTracker
{
    private static readonly ConditionalWeakTable<DbCommand, AuditedRead> ByCommand = [];
    private static readonly ConditionalWeakTable<DbContext, List<AuditedRead>> ByContext = [];

    public static void Start(DbCommand command, DbContext context, AuditedRead read)
    {
        ByCommand.AddOrUpdate(command, read);
        var reads = ByContext.GetOrCreateValue(context);
        lock (reads)
        {
            reads.Add(read);
        }
    }

    /// <summary>The read in progress of <paramref name="command"/>, if it is audited.</summary>
    public static AuditedRead? Find(DbCommand command) => ByCommand.TryGetValue(command, out var read) ? read : null;

    public static AuditedRead? Stop(DbCommand command, DbContext? context)
    {
        if (!ByCommand.TryGetValue(command, out var read))
        {
            return null;
        }

        ByCommand.Remove(command);
        if (context is not null && ByContext.TryGetValue(context, out var reads))
        {
            lock (reads)
            {
                reads.Remove(read);
            }
        }

        return read;
    }

    /// <summary>The reads in progress on <paramref name="context"/>, latest first, or <see langword="null"/> when none.</summary>
    public static AuditedRead[]? Active(DbContext context)
    {
        if (!ByContext.TryGetValue(context, out var reads))
        {
            return null;
        }

        lock (reads)
        {
            if (reads.Count == 0)
            {
                return null;
            }

            var result = reads.ToArray();
            System.Array.Reverse(result);
            return result;
        }
    }
}
