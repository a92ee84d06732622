// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Xunit;

namespace DataGuard.IntegrationTests.Logging;

/// <summary>EF Core's command logging with sensitive data on writes parameter values: the safety net masks the numbers among them.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class EfCoreCommandLoggingTests
{
    private const string Phone = "+919731142855";
    private const string MaskedPhone = "+91 97\u2022\u2022\u2022 \u2022\u2022855";
    private const string HmacKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple, true)]
    [InlineData(ConsoleFormatterNames.Json, true)]
    [InlineData(ConsoleFormatterNames.Simple, false)]
    public void SensitiveDataLogging_InsertParameter_Masked(string format, bool withDataGuard)
    {
        var output = Run(format, withDataGuard);

        // The command log line is there, with its parameter list.
        Assert.Contains("INSERT INTO \"Calls\"", output, StringComparison.Ordinal);
        Assert.Contains("@p0=", output, StringComparison.Ordinal);
        if (withDataGuard)
        {
            Assert.DoesNotContain("9731142855", output, StringComparison.Ordinal);
            Assert.Contains("@p0='" + MaskedPhone + "'", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("@p0='" + Phone + "'", output, StringComparison.Ordinal);
        }
    }

    private static string Run(string format, bool withDataGuard)
    {
        var captured = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            var services = new ServiceCollection();
            if (withDataGuard)
            {
                services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = HmacKey));
            }

            services.AddLogging(b => b
                .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information)
                .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning)
                .AddJsonConsole()
                .AddSimpleConsole(o => o.ColorBehavior = LoggerColorBehavior.Disabled)
                .AddConsole(o => o.FormatterName = format));
            services.AddDbContext<LoggedCallDbContext>(o => o.UseSqlite(connection).EnableSensitiveDataLogging());

            using (var provider = services.BuildServiceProvider())
            {
                using var scope = provider.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<LoggedCallDbContext>();
                db.Database.EnsureCreated();
                db.Calls.Add(new LoggedCall { Caller = Phone });
                db.SaveChanges();
            }

            var text = captured.ToString();
            return format == ConsoleFormatterNames.Json ? Regex.Unescape(text) : text;
        }
        finally
        {
            Console.SetOut(previous);
        }
    }
}
