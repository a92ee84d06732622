// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace DataGuard.Logging;

/// <summary>
/// The scope provider handed to a wrapped provider that supports external scopes: the logger factory pushes scopes as they are,
/// and the provider reads them redacted.
/// </summary>
internal sealed class RedactingScopeProvider(IExternalScopeProvider inner, LogEntryRedactor redactor) : IExternalScopeProvider
{
    public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
        => inner.ForEachScope(
            static (scope, s) => s.Callback(s.Redactor.RedactScope(scope) ?? scope, s.State),
            (Callback: callback, Redactor: redactor, State: state));

    public IDisposable Push(object? state) => inner.Push(state);
}
