// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace DataGuard.Tests.Logging;

/// <summary>One run of <see cref="LogHarness"/>.</summary>
internal sealed class LogRun(ServiceProvider services, FakeLoggerProvider fake, StringWriter output, TextWriter previousOut, bool json) : IDisposable
{
    private bool _disposed;

    public ServiceProvider Services => services;

    public FakeLogCollector Fake => fake.Collector;

    /// <summary>Gets everything the console provider wrote; only after <see cref="Dispose"/>.</summary>
    public string RawOutput
    {
        get
        {
            Assert.True(_disposed, "Dispose the run first: the console provider writes on a background thread.");
            return output.ToString();
        }
    }

    /// <summary>Gets <see cref="RawOutput"/>, with JSON escapes (<c>\u002B</c> for <c>+</c>, <c>\u2022</c> for the mask) decoded.</summary>
    public string Output => json ? Regex.Unescape(RawOutput) : RawOutput;

    public ILogger Logger(string category = "Calls") => services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        services.Dispose();
        Console.SetOut(previousOut);
    }
}
