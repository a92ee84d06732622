// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace DataGuard.Logging;

/// <summary>
/// A wrapped provider's logger: applies the provider's own filter rules, then passes each entry on with personal data masked in the
/// message, the structured values, the exception and the scope.
/// </summary>
internal sealed class RedactingLogger(ILogger inner, string category, RedactingLoggerProvider provider) : ILogger
{
    private (LoggerFilterOptions Options, ProviderLogFilter Filter)? _filter;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        var redacted = provider.Redactor.RedactScope(state);
        return redacted is null ? inner.BeginScope(state) : inner.BeginScope(redacted);
    }

    public bool IsEnabled(LogLevel logLevel) => GetFilter().IsEnabled(logLevel) && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var redactor = provider.Redactor;
        var redactedException = redactor.RedactException(exception);
        var redactedState = redactor.RedactState(state, exception, formatter);
        if (redactedState is null)
        {
            inner.Log(logLevel, eventId, state, redactedException ?? exception, formatter);
        }
        else
        {
            inner.Log(logLevel, eventId, redactedState, redactedException ?? exception, RedactedLogState.Formatter);
        }
    }

    private ProviderLogFilter GetFilter()
    {
        var options = provider.FilterOptions.CurrentValue;
        if (_filter is { } cached && ReferenceEquals(cached.Options, options))
        {
            return cached.Filter;
        }

        var filter = ProviderLogFilter.Select(options, provider.InnerType, provider.InnerAlias, category);
        _filter = (options, filter);
        return filter;
    }
}
