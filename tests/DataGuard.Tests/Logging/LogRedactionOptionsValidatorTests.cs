// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.Logging;

public sealed class LogRedactionOptionsValidatorTests
{
    [Fact]
    public void HmacWithoutKey_Fails()
    {
        var result = Validate(new LogRedactionOptions());
        Assert.True(result.Failed);
        Assert.Contains("HmacKey is not set", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxw=")]
    [InlineData("not base 64 at all, not base 64 at all, not base 64 at all!!")]
    [InlineData("")]
    public void ShortOrInvalidKey_Fails(string key)
    {
        var result = Validate(new LogRedactionOptions { HmacKey = key });
        Assert.True(result.Failed);
        Assert.Contains("at least 32 random bytes", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Length == 0 ? "\u0000" : key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidKey_FailsInMaskModeToo()
        => Assert.True(Validate(new LogRedactionOptions { PhoneNumberRedaction = PhoneNumberLogRedaction.Mask, HmacKey = "short" }).Failed);

    [Fact]
    public void UndefinedMode_Fails()
        => Assert.True(Validate(new LogRedactionOptions { PhoneNumberRedaction = (PhoneNumberLogRedaction)9, HmacKey = LogHarness.HmacKey }).Failed);

    [Fact]
    public void MaskWithoutKey_Succeeds()
        => Assert.True(Validate(new LogRedactionOptions { PhoneNumberRedaction = PhoneNumberLogRedaction.Mask }).Succeeded);

    [Fact]
    public void HmacWithKey_Succeeds()
        => Assert.True(Validate(new LogRedactionOptions { HmacKey = LogHarness.HmacKey }).Succeeded);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HostStart_HmacWithoutKey_FailsWithClearMessage(bool enableLoggerRedaction)
    {
        // With EnableRedaction the host's first logger already needs the HMAC redactor, so Build() fails; otherwise StartAsync() does.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.EnableLoggerRedaction = enableLoggerRedaction));

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var host = builder.Build();
            await host.StartAsync();
        });
        Assert.Contains("LogRedactionOptions.HmacKey is not set", error.Message, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(LogRedactionOptions options) => new LogRedactionOptionsValidator().Validate(null, options);
}
