// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace DataGuard.Tests.Logging;

/// <summary>A logger provider that keeps the state objects, scopes and exceptions it receives, as a structured provider would read them.</summary>
internal sealed class StateRecordingProvider : ILoggerProvider, ILogger
{
    public List<object?> States { get; } = [];

    public List<object?> Scopes { get; } = [];

    public List<Exception?> Exceptions { get; } = [];

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        Scopes.Add(state);
        return null;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        States.Add(state);
        Exceptions.Add(exception);
    }

    public void Dispose()
    {
    }

    /// <summary>Gets the value named <paramref name="name"/> in a recorded structured state.</summary>
    public static object? Value(object? state, string name)
    {
        foreach (var pair in (IEnumerable<KeyValuePair<string, object?>>)state!)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        throw new KeyNotFoundException(name);
    }
}
