// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Logging;

/// <summary>
/// Wraps a logger provider so that what it writes has personal data masked. The wrapped provider is owned, and disposed, by
/// <see cref="RedactingLoggerProviders"/>.
/// </summary>
internal class RedactingLoggerProvider(ILoggerProvider inner, LogEntryRedactor redactor, IOptionsMonitor<LoggerFilterOptions> filterOptions) : ILoggerProvider
{
    public ILoggerProvider Inner => inner;

    public LogEntryRedactor Redactor => redactor;

    public IOptionsMonitor<LoggerFilterOptions> FilterOptions => filterOptions;

    public Type InnerType { get; } = inner.GetType();

    public string? InnerAlias { get; } = inner.GetType().GetCustomAttribute<ProviderAliasAttribute>()?.Alias;

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), categoryName, this);

    public void Dispose()
    {
        // The wrapped provider belongs to RedactingLoggerProviders, which disposes it with the container.
        GC.SuppressFinalize(this);
    }
}
