// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Compliance;
using DataGuard.Logging;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.Tests.Logging;

public sealed class PhoneNumberMaskingRedactorTests
{
    [Theory]
    [InlineData("+919731142855")]
    [InlineData("+91 97311 42855")]
    [InlineData("+919731142855:Caller")]
    public void Redact_PhoneNumber_Masked(string input)
        => Assert.Equal(LogHarness.MaskedPhone, Redactor().Redact(input));

    [Theory]
    [InlineData("not a number")]
    [InlineData("12")]
    [InlineData("call me:Caller")]
    public void Redact_NotAPhoneNumber_MaskedEntirely(string input)
    {
        var redacted = Redactor().Redact(input);
        Assert.NotEmpty(redacted);
        Assert.All(redacted, c => Assert.Equal('\u2022', c));
    }

    [Fact]
    public void Redact_Empty_Empty()
    {
        Assert.Equal(string.Empty, Redactor().Redact(string.Empty));
        Assert.Equal(0, Redactor().GetRedactedLength(ReadOnlySpan<char>.Empty));
    }

    [Fact]
    public void Redact_DestinationTooShort_Throws()
    {
        var redactor = Redactor();
        Assert.Throws<ArgumentException>(() => redactor.Redact("+919731142855".AsSpan(), new char[3]));
    }

    [Fact]
    public void Constructor_NullMasker_Throws()
        => Assert.Throws<ArgumentNullException>(() => new PhoneNumberMaskingRedactor(null!));

    [Fact]
    public void MaskMode_PhoneClassMappedToMaskingRedactor_OthersErased()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.PhoneNumberRedaction = PhoneNumberLogRedaction.Mask));
        using var provider = services.BuildServiceProvider();
        var redactors = provider.GetRequiredService<IRedactorProvider>();

        Assert.IsType<PhoneNumberMaskingRedactor>(redactors.GetRedactor(TelephonyTaxonomy.PhoneNumber));
        Assert.IsType<ErasingRedactor>(redactors.GetRedactor(TelephonyTaxonomy.EmailAddress));
        Assert.IsType<ErasingRedactor>(redactors.GetRedactor(TelephonyTaxonomy.DeviceId));
        Assert.IsType<ErasingRedactor>(redactors.GetRedactor(TelephonyTaxonomy.SmsContent));
    }

    [Fact]
    public void HmacMode_PhoneEmailDeviceHashed_ContentNamesPlacesPaymentErased()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.RedactPersonalDataInLogs(o => o.HmacKey = LogHarness.HmacKey));
        using var provider = services.BuildServiceProvider();
        var redactors = provider.GetRequiredService<IRedactorProvider>();

        Assert.IsType<HmacRedactor>(redactors.GetRedactor(TelephonyTaxonomy.PhoneNumber));
        Assert.IsType<HmacRedactor>(redactors.GetRedactor(TelephonyTaxonomy.EmailAddress));
        Assert.IsType<HmacRedactor>(redactors.GetRedactor(TelephonyTaxonomy.DeviceId));
        foreach (var erased in new[] { TelephonyTaxonomy.PersonalName, TelephonyTaxonomy.Location, TelephonyTaxonomy.PaymentData, TelephonyTaxonomy.SmsContent, TelephonyTaxonomy.CallContent })
        {
            Assert.IsType<ErasingRedactor>(redactors.GetRedactor(erased));
        }
    }

    private static PhoneNumberMaskingRedactor Redactor()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddPhoneNumbers());
        return new PhoneNumberMaskingRedactor(services.BuildServiceProvider().GetRequiredService<IPhoneNumberMasker>());
    }
}
