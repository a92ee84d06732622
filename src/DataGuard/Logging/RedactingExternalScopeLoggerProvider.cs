// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Logging;

/// <summary>
/// Wraps a logger provider that reads scopes from the logger factory's scope provider: it receives a scope provider that redacts
/// each scope as it is read.
/// </summary>
internal sealed class RedactingExternalScopeLoggerProvider(
    ILoggerProvider inner, LogEntryRedactor redactor, IOptionsMonitor<LoggerFilterOptions> filterOptions)
    : RedactingLoggerProvider(inner, redactor, filterOptions), ISupportExternalScope
{
    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
        => ((ISupportExternalScope)Inner).SetScopeProvider(new RedactingScopeProvider(scopeProvider, Redactor));
}
