// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// Turns the EF Core audit interceptors off for the current asynchronous flow: DataGuard's own set-based maintenance (retention purges)
/// writes its own audit events instead of one per statement.
/// </summary>
internal static class AuditSuppression
{
    private static readonly AsyncLocal<int> Depth = new();

    /// <summary>Gets whether the interceptors are off in this flow.</summary>
    public static bool IsActive => Depth.Value > 0;

    /// <summary>Turns the interceptors off until the returned scope is disposed.</summary>
    /// <returns>The scope.</returns>
    public static IDisposable Begin()
    {
        Depth.Value++;
        return new Scope();
    }

    /// <summary>
    /// Turns the interceptors back on until the returned scope is disposed: application code called from a suppressed flow (retention
    /// hooks, a custom archive) is audited like any other code, and work it starts (tasks, timers) does not inherit the suppression.
    /// </summary>
    /// <returns>The scope, which restores the suppression.</returns>
    public static IDisposable Pause()
    {
        var saved = Depth.Value;
        Depth.Value = 0;
        return new Scope(saved);
    }

    private sealed class Scope(int? restore = null) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                if (restore is { } depth)
                {
                    Depth.Value = depth;
                }
                else
                {
                    Depth.Value--;
                }
            }
        }
    }
}
