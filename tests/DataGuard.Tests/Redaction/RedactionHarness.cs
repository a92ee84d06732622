// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.PhoneNumbers;
using DataGuard.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace DataGuard.Tests.Redaction;

/// <summary>Builds a <see cref="TextRedactor"/> over the real <see cref="PhoneNumberMasker"/>.</summary>
internal static class RedactionHarness
{
    public static TextRedactor Create(string? defaultRegion = null)
    {
        var options = Monitor(defaultRegion);
        return new TextRedactor(new PhoneNumberMasker(options), options);
    }

    public static PhoneNumberMasker Masker() => new(Monitor(null));

    /// <summary>What the redactor must write for a number: the masker's output for its E.164 form.</summary>
    public static string ExpectedMask(string number, string region)
    {
        var util = PhoneNumberUtil.GetInstance();
        return Masker().Mask(util.Format(util.Parse(LibPhoneNumberSpaces(number), region), PhoneNumberFormat.E164))!;
    }

    /// <summary>The number with the thin and no-break spaces libphonenumber does not read as separators written as spaces.</summary>
    public static string LibPhoneNumberSpaces(string number)
        => number.Replace('\u2009', ' ').Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static IOptionsMonitor<PhoneNumberOptions> Monitor(string? defaultRegion)
    {
        var services = new ServiceCollection();
        services.AddOptions<PhoneNumberOptions>().Configure(o => o.DefaultRegion = defaultRegion);
        return services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<PhoneNumberOptions>>();
    }
}
