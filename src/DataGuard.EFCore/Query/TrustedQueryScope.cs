// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace DataGuard.EFCore.Query;

/// <summary>
/// Lets DataGuard's own statements past the encrypted-query guard in the current asynchronous flow: retention's anonymizing
/// <c>ExecuteUpdate</c> sets encrypted, phone-number and blind-index columns to null together, which the guard refuses for application code.
/// Such statements reference DataGuard's internal parameter holders, so their cached plans are never shared with application queries.
/// </summary>
internal static class TrustedQueryScope
{
    private static readonly AsyncLocal<int> Depth = new();

    /// <summary>Gets whether the guard is off in this flow.</summary>
    public static bool IsActive => Depth.Value > 0;

    /// <summary>Turns the guard off until the returned scope is disposed.</summary>
    /// <returns>The scope.</returns>
    public static IDisposable Begin()
    {
        Depth.Value++;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Depth.Value--;
            }
        }
    }
}
