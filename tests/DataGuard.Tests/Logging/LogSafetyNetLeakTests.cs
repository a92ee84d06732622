// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

// The point is to log the way applications do without [LoggerMessage].
#pragma warning disable CA1848, CA1873, CA2254

namespace DataGuard.Tests.Logging;

/// <summary>Ways a raw phone number escaped the safety net, logged through the real pipeline.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class LogSafetyNetLeakTests
{
    private const string Phone = LogHarness.Phone;

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void NumberAssembledFromHarmlessValues_MaskedInMessage(string format)
    {
        string output;
        using (var run = LogHarness.Start(format: format))
        {
            run.Logger().LogInformation("Caller +1 ({Area}) {Exchange}-{Line}", 650, 253, "0000");
            using (run.Logger().BeginScope("Transfer from {Cc}{Nat}", "+91", LogHarness.NationalDigits))
            {
                run.Logger().LogInformation("Caller {Cc}{Nat}", "+91", LogHarness.NationalDigits);
            }

            var records = run.Fake.GetSnapshot();
            Assert.Equal(2, records.Count);
            Assert.Equal("Transfer from " + LogHarness.MaskedPhone, Assert.Single(records[1].Scopes)!.ToString());
            Assert.StartsWith("Caller +1", records[0].Message, StringComparison.Ordinal);
            Assert.DoesNotContain("253-0000", records[0].Message, StringComparison.Ordinal);
            Assert.Equal("Caller " + LogHarness.MaskedPhone, records[1].Message);
            run.Dispose();
            output = run.Output;
        }

        Assert.DoesNotContain("(650) 253-0000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Caller " + Phone, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Transfer from " + Phone, output, StringComparison.Ordinal);
        Assert.Contains("Caller " + LogHarness.MaskedPhone, output, StringComparison.Ordinal);
        Assert.Contains("Transfer from " + LogHarness.MaskedPhone, output, StringComparison.Ordinal);
    }

    [Fact]
    public void HarmlessValuesWithoutDigitsInMessage_PassedOnAsIs()
    {
        var recording = new StateRecordingProvider();
        using var run = LogHarness.Start(logging: b => b.AddProvider(recording));
        run.Logger().LogInformation("Queue {Queue} is {State}", "sales", "open");
        Assert.Equal("Queue sales is open", Assert.Single(run.Fake.GetSnapshot()).Message);
        Assert.IsNotType<RedactedLogState>(Assert.Single(recording.States));
    }

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void ExceptionData_OwnAndInner_Redacted(string format)
    {
        var own = new InvalidOperationException("Trunk 3 is down");
        own.Data["caller"] = Phone;
        own.Data["attempt"] = 2;
        var deep = new TimeoutException("No answer");
        deep.Data["callee"] = "+91 97311 42855";
        var wrapped = new InvalidOperationException("Routing failed", new AggregateException(new FormatException("Bad route"), deep));

        var recording = new StateRecordingProvider();
        string output;
        using (var run = LogHarness.Start(logging: b => b.AddProvider(recording), format: format))
        {
            run.Logger().LogError(own, "Call failed");
            run.Logger().LogError(wrapped, "Call failed");
            var records = run.Fake.GetSnapshot();
            var first = Assert.IsType<RedactedException>(records[0].Exception);
            Assert.Equal(typeof(InvalidOperationException).FullName, first.OriginalTypeName);
            Assert.Equal("Trunk 3 is down", first.Message);
            Assert.Equal(LogHarness.MaskedPhone, first.Data["caller"]);
            Assert.Equal(2, first.Data["attempt"]);
            var second = Assert.IsType<RedactedException>(records[1].Exception);
            Assert.Empty(second.Data);
            Assert.All(recording.Exceptions, e => Assert.IsType<RedactedException>(e));
            foreach (var exception in recording.Exceptions)
            {
                foreach (DictionaryEntry entry in exception!.Data)
                {
                    Assert.DoesNotContain(LogHarness.NationalDigits, entry.Value?.ToString() ?? string.Empty, StringComparison.Ordinal);
                }
            }

            run.Dispose();
            output = run.Output;
        }

        Assert.Contains("Trunk 3 is down", output, StringComparison.Ordinal);
        Assert.DoesNotContain(LogHarness.NationalDigits, output, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionDataWithoutPersonalData_PassedOnAsIs()
    {
        var exception = new InvalidOperationException("Trunk 3 is down");
        exception.Data["trunk"] = 3;
        exception.Data["queue"] = "sales";
        using var run = LogHarness.Start();
        run.Logger().LogError(exception, "Routing failed");
        Assert.Same(exception, Assert.Single(run.Fake.GetSnapshot()).Exception);
    }

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void ObjectValue_HidingPhoneInToString_PassedOnAsItsText(string format)
    {
        var recording = new StateRecordingProvider();
        using var run = LogHarness.Start(logging: b => b.AddProvider(recording), format: format);
        run.Logger().LogInformation("Answered {@Caller} after {Rings} rings", new HiddenCaller(Phone), 3);

        var state = Assert.Single(recording.States);
        Assert.Equal("a caller", StateRecordingProvider.Value(state, "@Caller"));
        Assert.Equal(3, StateRecordingProvider.Value(state, "Rings"));
        Assert.Equal("Answered a caller after 3 rings", Assert.Single(run.Fake.GetSnapshot()).Message);
    }

    [Fact]
    public void CustomStateObject_ReplacedByMessage()
    {
        // Without EnableRedaction the factory passes the state object itself on (with it, Microsoft's logger wraps it).
        var recording = new StateRecordingProvider();
        using var run = LogHarness.Start(
            o =>
            {
                o.HmacKey = LogHarness.HmacKey;
                o.EnableLoggerRedaction = false;
            },
            logging: b => b.AddProvider(recording));
        run.Logger().Log(LogLevel.Information, new EventId(5), new HiddenCaller(Phone), null, static (_, _) => "Call answered");
        run.Logger().Log(LogLevel.Information, new EventId(6), "Queue sales", null, static (s, _) => s);

        Assert.Equal(2, recording.States.Count);
        var replaced = Assert.IsType<RedactedLogState>(recording.States[0]);
        Assert.Equal("Call answered", replaced.ToString());
        Assert.Empty(replaced);
        Assert.Equal("Queue sales", recording.States[1]);
    }

    [Fact]
    public void Scopes_GenericPairsAndObjects_Redacted()
    {
        var recording = new StateRecordingProvider();
        string output;
        using (var run = LogHarness.Start(logging: b => b.AddProvider(recording), format: ConsoleFormatterNames.Json))
        {
            var logger = run.Logger();
            using (logger.BeginScope(new Dictionary<string, string> { ["p"] = Phone, ["queue"] = "sales" }))
            using (logger.BeginScope(new List<KeyValuePair<string, long>> { new("n", 919731142855L) }))
            using (logger.BeginScope(new HiddenCaller(Phone)))
            {
                logger.LogInformation("In scope");
            }

            foreach (var scopes in new[] { Assert.Single(run.Fake.GetSnapshot()).Scopes, (IReadOnlyList<object?>)recording.Scopes })
            {
                Assert.Equal(3, scopes.Count);
                var pairs = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(scopes[0]).ToList();
                Assert.Equal([new("p", LogHarness.MaskedPhone), new("queue", "sales")], pairs);
                var numbers = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(scopes[1]);
                Assert.Equal(new KeyValuePair<string, object?>("n", LogHarness.MaskedPhone), Assert.Single(numbers));
                Assert.Equal("a caller", scopes[2]);
            }

            run.Dispose();
            output = run.Output;
        }

        Assert.DoesNotContain(LogHarness.NationalDigits, output, StringComparison.Ordinal);
        Assert.Contains("\"p\":\"" + LogHarness.MaskedPhone + "\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupCheck_DefaultPipeline_Starts()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider()));
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        using var provider = services.BuildServiceProvider();
        await StartAll(provider);
    }

    [Fact]
    public async Task StartupCheck_OwnProviderCollectionFirst_FailsStart()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IEnumerable<ILoggerProvider>>(new ILoggerProvider[] { new FakeLoggerProvider() });
        services.AddLogging();
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAll(provider));
        Assert.StartsWith("The DataGuard log safety net is not in the pipeline: the container resolves IEnumerable<ILoggerProvider>", error.Message, StringComparison.Ordinal);
        Assert.Contains("EnableSafetyNet = false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupCheck_LoggerFactoryReplaced_FailsStart()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider()));
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(NullLoggerFactory.Instance));
        using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAll(provider));
        Assert.StartsWith("The DataGuard log safety net is not in the pipeline: the logger factory", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseSerilog()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupCheck_SafetyNetOff_NoCheck()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IEnumerable<ILoggerProvider>>(new ILoggerProvider[] { new FakeLoggerProvider() });
        services.AddLogging();
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o =>
        {
            o.HmacKey = LogHarness.HmacKey;
            o.EnableSafetyNet = false;
        }));
        using var provider = services.BuildServiceProvider();
        await StartAll(provider);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("IN", false)]
    public async Task StartupCheck_WithoutDefaultRegion_WarnsOnce(string? region, bool warned)
    {
        var fake = new FakeLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(fake));
        services.AddDataGuard(dg => dg
            .AddPhoneNumbers(o => o.DefaultRegion = region)
            .RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        using var provider = services.BuildServiceProvider();
        await StartAll(provider);

        var warnings = fake.Collector.GetSnapshot().Where(r => r.Id.Id == 1300).ToList();
        if (warned)
        {
            var warning = Assert.Single(warnings);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains("PhoneNumberOptions.DefaultRegion is not set", warning.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(warnings);
        }
    }

    private static async Task StartAll(IServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }
}
