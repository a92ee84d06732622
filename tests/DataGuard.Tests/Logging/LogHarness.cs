// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using DataGuard.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Logging.Testing;

namespace DataGuard.Tests.Logging;

/// <summary>
/// A real logging pipeline: the console provider (simple or JSON formatter) writing to a captured <see cref="Console.Out"/>, and a fake
/// logger provider, with DataGuard's log redaction. Dispose the returned run (which disposes the container and flushes the console
/// providers' background queues) before reading <see cref="LogRun.Output"/>.
/// </summary>
internal static class LogHarness
{
    /// <summary>A valid Indian mobile number in E.164 form, used only by these tests.</summary>
    public const string Phone = "+919731142855";

    /// <summary>The national digits of <see cref="Phone"/>: no written form of the number may leave them visible.</summary>
    public const string NationalDigits = "9731142855";

    /// <summary>The masked form of <see cref="Phone"/>.</summary>
    public const string MaskedPhone = "+91 97\u2022\u2022\u2022 \u2022\u2022855";

    /// <summary>A test HMAC key (32 bytes).</summary>
    public const string HmacKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public static LogRun Start(
        Action<LogRedactionOptions>? configure = null,
        bool providersBefore = true,
        bool withDataGuard = true,
        Action<ILoggingBuilder>? logging = null,
        string format = ConsoleFormatterNames.Simple)
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            var fake = new FakeLoggerProvider();
            var services = new ServiceCollection();

            void AddProviders() => services.AddLogging(builder =>
            {
                builder.SetMinimumLevel(LogLevel.Trace);
                builder.AddSimpleConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.ColorBehavior = LoggerColorBehavior.Disabled;
                    o.SingleLine = false;
                });
                builder.AddJsonConsole(o => o.IncludeScopes = true);
                builder.AddConsole(o => o.FormatterName = format);
                builder.AddProvider(fake);
                logging?.Invoke(builder);
            });

            if (providersBefore)
            {
                AddProviders();
            }

            if (withDataGuard)
            {
                services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(configure ?? (o =>
                {
                    o.HmacKey = HmacKey;
                    o.HmacKeyId = 7;
                })));
            }

            if (!providersBefore)
            {
                AddProviders();
            }

            var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            return new LogRun(provider, fake, output, previous, format == ConsoleFormatterNames.Json);
        }
        catch
        {
            Console.SetOut(previous);
            throw;
        }
    }
}
