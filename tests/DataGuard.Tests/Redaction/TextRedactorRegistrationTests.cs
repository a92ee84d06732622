// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.Tests.Redaction;

public sealed class TextRedactorRegistrationTests
{
    [Fact]
    public void AddPhoneNumbers_RegistersTextRedactorOverConfiguredRegion()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN"));
        using var provider = services.BuildServiceProvider();

        var redactor = provider.GetRequiredService<ITextRedactor>();

        Assert.IsType<TextRedactor>(redactor);
        Assert.Same(redactor, provider.GetRequiredService<ITextRedactor>());
        Assert.Equal("Call +91 98\u2022\u2022\u2022 \u2022\u2022210", redactor.Redact("Call 098765 43210"));
    }

    [Fact]
    public void AddPhoneNumbers_MaskingPolicy_AppliesToNumbersInText()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddPhoneNumbers(o => o.MaskingPolicy = PhoneMaskingPolicy.Strict));
        using var provider = services.BuildServiceProvider();

        var redacted = provider.GetRequiredService<ITextRedactor>().Redact("Call +91 98765 43210");

        Assert.Equal("Call " + provider.GetRequiredService<IPhoneNumberMasker>().Mask("+919876543210"), redacted);
        Assert.EndsWith("10", redacted!, System.StringComparison.Ordinal);
        Assert.DoesNotContain("98", redacted!, System.StringComparison.Ordinal);
    }
}
