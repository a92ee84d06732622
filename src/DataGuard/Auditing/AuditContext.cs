// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Threading;

namespace DataGuard.Auditing;

/// <summary>
/// The audit scope of one unit of work (an HTTP request under <c>UseDataGuardAudit</c>): components that touch personal data add the
/// subject hashes and counts they touched, and the middleware writes them in its one request record. Flows with the execution context.
/// </summary>
internal sealed class AuditContext
{
    private static readonly AsyncLocal<AuditContext?> CurrentContext = new();
    private readonly object _gate = new();
    private readonly HashSet<string> _subjects = new(System.StringComparer.Ordinal);

    /// <summary>The scope of the current execution context, if any.</summary>
    public static AuditContext? Current => CurrentContext.Value;

    /// <summary>The purpose stated for the unit of work, if any.</summary>
    public string? Purpose { get; set; }

    /// <summary>Starts a scope for the current execution context (restored when the returned scope is disposed).</summary>
    public static Scope Begin(string? purpose = null)
    {
        var previous = CurrentContext.Value;
        var context = new AuditContext { Purpose = purpose };
        CurrentContext.Value = context;
        return new Scope(context, previous);
    }

    /// <summary>Adds subject hashes (never raw identifiers).</summary>
    public void AddSubjects(IEnumerable<string> subjectHashes)
    {
        lock (_gate)
        {
            _subjects.UnionWith(subjectHashes);
        }
    }

    /// <summary>The subject hashes added so far, ordered.</summary>
    public string[] GetSubjects()
    {
        lock (_gate)
        {
            var result = new string[_subjects.Count];
            _subjects.CopyTo(result);
            System.Array.Sort(result, System.StringComparer.Ordinal);
            return result;
        }
    }

    /// <summary>Restores the previous scope when disposed.</summary>
    internal readonly struct Scope(AuditContext context, AuditContext? previous) : System.IDisposable
    {
        public AuditContext Context => context;

        public void Dispose() => CurrentContext.Value = previous;
    }
}
