// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using DataGuard.Compliance;
using DataGuard.Logging;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Xunit;

// The point is to log the way applications do without [LoggerMessage].
#pragma warning disable CA1848, CA1873, CA2254

namespace DataGuard.Tests.Logging;

/// <summary>Logs through a real pipeline (simple console, JSON console, fake provider) every way and reads what was written.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class LogRedactionPipelineTests
{
    private const string Phone = LogHarness.Phone;

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void SourceGenerated_PhoneNumberParameter_WritesHmacToken(string format)
    {
        string output;
        using (var run = LogHarness.Start(format: format))
        {
            PhoneLog.CallAnswered(run.Logger(), Phone);
            Assert.Equal(Hmac(Phone, "Caller"), Assert.Single(run.Fake.GetSnapshot()).GetStructuredStateValue("Caller"));
            run.Dispose();
            output = run.Output;
        }

        AssertNoRawNumber(output);
        Assert.Contains("Call from " + Hmac(Phone, "Caller") + " answered", output, StringComparison.Ordinal);
        Assert.StartsWith("7:", Hmac(Phone, "Caller"), StringComparison.Ordinal);
    }

    [Fact]
    public void SourceGenerated_SameNumberTwice_SameToken_OtherNumberOtherToken()
    {
        const string other = "+919731142856";
        using var run = LogHarness.Start();
        PhoneLog.CallAnswered(run.Logger(), Phone);
        PhoneLog.CallAnswered(run.Logger("Other"), Phone);
        PhoneLog.CallAnswered(run.Logger(), other);

        var tokens = run.Fake.GetSnapshot().Select(r => r.GetStructuredStateValue("Caller")).ToList();
        Assert.Equal(tokens[0], tokens[1]);
        Assert.NotEqual(tokens[0], tokens[2]);
        Assert.DoesNotContain(Phone, tokens);
    }

    [Fact]
    public void SourceGenerated_OtherClasses_ErasedOrHashed()
    {
        using var run = LogHarness.Start();
        PhoneLog.SmsSent(run.Logger(), "Call me on " + Phone, Phone, "356938035643809");

        var record = Assert.Single(run.Fake.GetSnapshot());
        Assert.Equal(string.Empty, record.GetStructuredStateValue("Body"));
        Assert.Equal(Hmac(Phone, "Recipient"), record.GetStructuredStateValue("Recipient"));
        Assert.Equal(Hmac("356938035643809", "Device"), record.GetStructuredStateValue("Device"));
    }

    [Fact]
    public void Hmac_IsKeyed_NotAPlainHash()
    {
        using var run = LogHarness.Start();
        using var other = LogHarness.Start(o => o.HmacKey = Convert.ToBase64String(new byte[32]));
        var token = Redactor(run).Redact(Phone);
        var otherToken = Redactor(other).Redact(Phone);

        Assert.NotEqual(token, otherToken);
        var sha = SHA256.HashData(Encoding.UTF8.GetBytes(Phone));
        foreach (var plain in new[] { Convert.ToBase64String(sha), Convert.ToHexString(sha), Convert.ToHexStringLower(sha) })
        {
            Assert.DoesNotContain(plain[..16], token, StringComparison.Ordinal);
            Assert.DoesNotContain(plain[..16], otherToken, StringComparison.Ordinal);
        }

        static Redactor Redactor(LogRun run)
            => run.Services.GetRequiredService<IRedactorProvider>().GetRedactor(TelephonyTaxonomy.PhoneNumber);
    }

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void SourceGenerated_WithoutEnableRedaction_ClassifiedParameterLeftOut(string format)
    {
        // Without EnableRedaction, Microsoft's generated code gives plain loggers no value for a classified parameter at all.
        string output;
        using (var run = LogHarness.Start(
            o =>
            {
                o.HmacKey = LogHarness.HmacKey;
                o.EnableLoggerRedaction = false;
            },
            format: format))
        {
            Assert.IsType<LoggerFactory>(run.Services.GetRequiredService<ILoggerFactory>());
            PhoneLog.CallAnswered(run.Logger(), Phone);
            var record = Assert.Single(run.Fake.GetSnapshot());
            Assert.Null(record.GetStructuredStateValue("Caller"));
            Assert.Equal("Call from (null) answered", record.Message);
            run.Dispose();
            output = run.Output;
        }

        AssertNoRawNumber(output);
        Assert.Contains("Call from (null) answered", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void SourceGenerated_MaskMode_WritesMaskedNumber(string format)
    {
        string output;
        using (var run = LogHarness.Start(o => o.PhoneNumberRedaction = PhoneNumberLogRedaction.Mask, format: format))
        {
            PhoneLog.CallAnswered(run.Logger(), Phone);
            Assert.Equal(LogHarness.MaskedPhone, Assert.Single(run.Fake.GetSnapshot()).GetStructuredStateValue("Caller"));
            run.Dispose();
            output = run.Output;
        }

        AssertNoRawNumber(output);
        Assert.Contains("Call from " + LogHarness.MaskedPhone + " answered", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true, ConsoleFormatterNames.Simple)]
    [InlineData(false, true, ConsoleFormatterNames.Json)]
    [InlineData(true, false, ConsoleFormatterNames.Json)]
    [InlineData(false, false, ConsoleFormatterNames.Simple)]
    public void PlainLog_StructuredPhone_Masked(bool providersBefore, bool enableRedaction, string format)
    {
        string output;
        using (var run = LogHarness.Start(
            o =>
            {
                o.HmacKey = LogHarness.HmacKey;
                o.EnableLoggerRedaction = enableRedaction;
            },
            providersBefore,
            format: format))
        {
            run.Logger().LogInformation("Dialling {Phone} for {Minutes} minutes", Phone, 3);
            run.Logger().LogWarning("Forwarding to {Phone}", "+91 97311 42855");
            run.Logger().LogError("Stored as {Number}", 919731142855L);
            var records = run.Fake.GetSnapshot();
            Assert.Equal(3, records.Count);
            Assert.Equal("Dialling " + LogHarness.MaskedPhone + " for 3 minutes", records[0].Message);
            Assert.Equal(LogHarness.MaskedPhone, records[0].GetStructuredStateValue("Phone"));
            Assert.Equal("3", records[0].GetStructuredStateValue("Minutes"));
            Assert.Equal(LogHarness.MaskedPhone, records[1].GetStructuredStateValue("Phone"));
            Assert.Equal(LogHarness.MaskedPhone, records[2].GetStructuredStateValue("Number"));
            run.Dispose();
            output = run.Output;
        }

        AssertNoRawNumber(output);
        Assert.Contains("Dialling " + LogHarness.MaskedPhone + " for 3 minutes", output, StringComparison.Ordinal);
        Assert.Contains("Stored as " + LogHarness.MaskedPhone, output, StringComparison.Ordinal);
        if (format == ConsoleFormatterNames.Json)
        {
            Assert.Contains("\"Phone\":\"" + LogHarness.MaskedPhone + "\"", output, StringComparison.Ordinal);
            Assert.Contains("\"Number\":\"" + LogHarness.MaskedPhone + "\"", output, StringComparison.Ordinal);
            Assert.Contains("\"{OriginalFormat}\":\"Dialling {Phone} for {Minutes} minutes\"", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void PlainLog_NumberInLiteralTemplate_MaskedInMessageAndOriginalFormat(string format)
    {
        string output;
        using (var run = LogHarness.Start(format: format))
        {
            run.Logger().LogInformation("Callback requested by " + Phone + " at {Hour}", 9);
            var record = Assert.Single(run.Fake.GetSnapshot());
            Assert.Equal("Callback requested by " + LogHarness.MaskedPhone + " at 9", record.Message);
            Assert.Equal("Callback requested by " + LogHarness.MaskedPhone + " at {Hour}", record.GetStructuredStateValue("{OriginalFormat}"));
            run.Dispose();
            output = run.Output;
        }

        AssertNoRawNumber(output);
        Assert.Contains("Callback requested by " + LogHarness.MaskedPhone + " at 9", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void Exception_MessageAndInnerMessage_Masked(string format)
    {
        string output;
        Exception thrown;
        try
        {
            try
            {
                throw new FormatException("Cannot route +91 97311 42855");
            }
            catch (FormatException inner)
            {
                throw new InvalidOperationException("Call to " + Phone + " failed", inner);
            }
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        using (var run = LogHarness.Start(format: format))
        {
            run.Logger().LogError(thrown, "Routing failed");
            var redacted = Assert.IsType<RedactedException>(Assert.Single(run.Fake.GetSnapshot()).Exception);
            Assert.Equal(typeof(InvalidOperationException).FullName, redacted.OriginalTypeName);
            Assert.Equal("Call to " + LogHarness.MaskedPhone + " failed", redacted.Message);
            Assert.Null(redacted.InnerException);
            Assert.Contains("Cannot route " + LogHarness.MaskedPhone, redacted.ToString(), StringComparison.Ordinal);
            Assert.Contains(nameof(Exception_MessageAndInnerMessage_Masked), redacted.StackTrace, StringComparison.Ordinal);
            run.Dispose();
            output = run.Output;
        }

        AssertNoRawNumber(output);
        Assert.Contains("System.InvalidOperationException: Call to " + LogHarness.MaskedPhone + " failed", output, StringComparison.Ordinal);
        Assert.Contains("System.FormatException: Cannot route " + LogHarness.MaskedPhone, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_WithoutPersonalData_PassedOnAsIs()
    {
        var exception = new InvalidOperationException("Trunk 3 is down");
        using var run = LogHarness.Start();
        run.Logger().LogError(exception, "Routing failed");
        Assert.Same(exception, Assert.Single(run.Fake.GetSnapshot()).Exception);
    }

    [Theory]
    [InlineData(true, ConsoleFormatterNames.Simple)]
    [InlineData(false, ConsoleFormatterNames.Json)]
    public void Scopes_DictionaryAndString_Masked(bool providersBefore, string format)
    {
        string output;
        using (var run = LogHarness.Start(providersBefore: providersBefore, format: format))
        {
            var logger = run.Logger();
            using (logger.BeginScope(new Dictionary<string, object?> { ["Caller"] = Phone, ["Queue"] = "sales" }))
            using (logger.BeginScope("Transfer from " + Phone))
            using (logger.BeginScope("Agent {Agent} on {Line}", "bob", "+91 97311 42855"))
            {
                logger.LogInformation("In scope");
            }

            var scopes = Assert.Single(run.Fake.GetSnapshot()).Scopes;
            Assert.Equal(3, scopes.Count);
            var pairs = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(scopes[0]);
            Assert.Contains(new KeyValuePair<string, object?>("Caller", LogHarness.MaskedPhone), pairs);
            Assert.Contains(new KeyValuePair<string, object?>("Queue", "sales"), pairs);
            Assert.Equal("Transfer from " + LogHarness.MaskedPhone, scopes[1]);
            Assert.Equal("Agent bob on " + LogHarness.MaskedPhone, scopes[2]!.ToString());
            run.Dispose();
            output = run.Output;
        }

        AssertNoRawNumber(output);
        Assert.Contains("Transfer from " + LogHarness.MaskedPhone, output, StringComparison.Ordinal);
        Assert.Contains("Agent bob on " + LogHarness.MaskedPhone, output, StringComparison.Ordinal);
        if (format == ConsoleFormatterNames.Json)
        {
            Assert.Contains("\"Caller\":\"" + LogHarness.MaskedPhone + "\"", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scopes_WithoutPersonalData_PassedOnAsIs()
    {
        var scope = new Dictionary<string, object?> { ["Queue"] = "sales" };
        using var run = LogHarness.Start();
        var logger = run.Logger();
        using (logger.BeginScope(scope))
        {
            logger.LogInformation("In scope");
        }

        Assert.Same(scope, Assert.Single(Assert.Single(run.Fake.GetSnapshot()).Scopes));
    }

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void WithoutDataGuard_RawNumberIsWritten(string format)
    {
        // The harness itself: the same pipeline without DataGuard does write the number, so the other tests' assertions can fail.
        string output;
        using (var run = LogHarness.Start(withDataGuard: false, format: format))
        {
            run.Logger().LogInformation("Dialling {Phone}", Phone);
            run.Dispose();
            output = run.Output;
        }

        Assert.Contains(LogHarness.NationalDigits, output, StringComparison.Ordinal);
        Assert.Contains("Dialling " + Phone, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConsoleFormatterNames.Simple)]
    [InlineData(ConsoleFormatterNames.Json)]
    public void ProviderSpecificFilter_StillApplies(string format)
    {
        string output;
        using (var run = LogHarness.Start(logging: b => b
            .AddFilter<ConsoleLoggerProvider>("Calls", LogLevel.Warning)
            .AddFilter("Calls.Quiet", LogLevel.Error), format: format))
        {
            run.Logger().LogInformation("Info for {Queue}", "sales");
            run.Logger().LogWarning("Warning for {Queue}", "sales");
            run.Logger("Calls.Quiet").LogWarning("Quiet warning");
            run.Logger("Other").LogDebug("Debug elsewhere");
            Assert.Equal(["Info for sales", "Warning for sales", "Debug elsewhere"], run.Fake.GetSnapshot().Select(r => r.Message));
            run.Dispose();
            output = run.Output;
        }

        // The console's own rule for "Calls" beats the rule for every provider on "Calls.Quiet", as in the logger factory.
        Assert.DoesNotContain("Info for sales", output, StringComparison.Ordinal);
        Assert.Contains("Quiet warning", output, StringComparison.Ordinal);
        Assert.Contains("Warning for sales", output, StringComparison.Ordinal);
        Assert.Contains("Debug elsewhere", output, StringComparison.Ordinal);
    }

    [Fact]
    public void HmacMode_WithoutKey_FailsWithClearMessage()
    {
        using var run = LogHarness.Start(_ => { });
        var error = Assert.Throws<OptionsValidationException>(() => run.Services.GetRequiredService<IOptions<LogRedactionOptions>>().Value);
        Assert.Contains("LogRedactionOptions.HmacKey is not set", error.Message, StringComparison.Ordinal);
    }

    // Microsoft's logger applies a discriminator by default: it hashes "value:ParameterName".
    private static string Hmac(string value, string name)
        => new HmacRedactor(Options.Create(new HmacRedactorOptions { Key = LogHarness.HmacKey, KeyId = 7 })).Redact(value + ":" + name);

    private static void AssertNoRawNumber(string output)
    {
        Assert.NotEmpty(output);
        Assert.DoesNotContain(LogHarness.NationalDigits, output, StringComparison.Ordinal);
        Assert.DoesNotContain("97311 42855", output, StringComparison.Ordinal);
        Assert.DoesNotContain("97311-42855", output, StringComparison.Ordinal);
    }
}
