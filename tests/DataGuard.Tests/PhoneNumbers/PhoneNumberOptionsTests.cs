// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.PhoneNumbers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.PhoneNumbers;

public sealed class PhoneNumberOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AsDocumented()
    {
        var options = new PhoneNumberOptions();

        Assert.Null(options.DefaultRegion);
        Assert.Equal(PhoneMaskingPolicy.Default, options.MaskingPolicy);
        Assert.NotSame(PhoneMaskingPolicy.Default, options.MaskingPolicy);
        Assert.False(options.AcceptPossibleNumbers);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("IN")]
    [InlineData("PK")]
    [InlineData("UZ")]
    [InlineData("US")]
    [InlineData("GB")]
    [InlineData("CA")]
    [InlineData("DE")]
    [InlineData("KE")]
    [InlineData("in")]
    public void Validate_SupportedRegion_Succeeds(string? region)
    {
        using var services = Build(o => o.DefaultRegion = region);

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("UK")]
    [InlineData("IND")]
    [InlineData("India")]
    [InlineData("")]
    [InlineData("001")]
    [InlineData("ZZ")]
    public void Validate_UnknownRegion_ExactMessage(string region)
        => AssertInvalid(
            o => o.DefaultRegion = region,
            $"DefaultRegion: DefaultRegion must be an ISO 3166-1 alpha-2 region code that libphonenumber supports, such as IN, US or GB (it is '{region}').");

    [Fact]
    public void Validate_NullMaskingPolicy_ExactMessage()
        => AssertInvalid(o => o.MaskingPolicy = null!, "MaskingPolicy: MaskingPolicy must not be null.");

    [Fact]
    public void Validate_NegativeDigitCounts_ExactMessage()
        => AssertInvalid(
            o => o.MaskingPolicy = new PhoneMaskingPolicy { KeepFirstDigits = -1 },
            "MaskingPolicy: MaskingPolicy.KeepFirstDigits and MaskingPolicy.KeepLastDigits must not be negative (they are -1 and 3).");

    [Theory]
    [InlineData('7', "0037")]
    [InlineData(' ', "0020")]
    [InlineData('+', "002B")]
    [InlineData('\0', "0000")]
    public void Validate_BadMaskCharacter_ExactMessage(char mask, string code)
        => AssertInvalid(
            o => o.MaskingPolicy = new PhoneMaskingPolicy { MaskCharacter = mask },
            $"MaskingPolicy: MaskingPolicy.MaskCharacter must not be a digit, white space, '+' or NUL (it is U+{code}).");

    [Fact]
    public void AddPhoneNumbers_ConfigurationSection_BindsAndValidates()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataGuard:PhoneNumbers:DefaultRegion"] = "KE",
            ["DataGuard:PhoneNumbers:AcceptPossibleNumbers"] = "true",
            ["DataGuard:PhoneNumbers:MaskingPolicy:KeepLastDigits"] = "2",
            ["DataGuard:PhoneNumbers:MaskingPolicy:MaskCharacter"] = "*",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddPhoneNumbers(configuration.GetSection("DataGuard:PhoneNumbers")));
        using var services = collection.BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<PhoneNumberOptions>>().Value;

        Assert.Equal("KE", options.DefaultRegion);
        Assert.True(options.AcceptPossibleNumbers);
        Assert.Equal(PhoneMaskingPolicy.Default with { KeepLastDigits = 2, MaskCharacter = '*' }, options.MaskingPolicy);
        Assert.Equal(3, PhoneMaskingPolicy.Default.KeepLastDigits);
        Assert.Equal('\u2022', PhoneMaskingPolicy.Default.MaskCharacter);
        Assert.Equal("+254 71* ****56", services.GetRequiredService<IPhoneNumberMasker>().Mask("0712 123456"));
    }

    [Fact]
    public void AddPhoneNumbers_ConfigurationSectionWithBadPolicyValue_FailsAtStartup()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Phone:MaskingPolicy:KeepLastDigits"] = "three",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddPhoneNumbers(configuration.GetSection("Phone")));
        using var services = collection.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("Failed to convert configuration value at 'Phone:MaskingPolicy:KeepLastDigits' to type 'System.Int32'.", ex.Message);
    }

    [Fact]
    public void AddPhoneNumbers_ConfigurationSectionWithDigitMaskCharacter_ValidationFails()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Phone:MaskingPolicy:MaskCharacter"] = "0",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddPhoneNumbers(configuration.GetSection("Phone")));
        using var services = collection.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["MaskingPolicy: MaskingPolicy.MaskCharacter must not be a digit, white space, '+' or NUL (it is U+0030)."], ex.Failures);
        Assert.Equal('\u2022', PhoneMaskingPolicy.Default.MaskCharacter);
    }

    [Fact]
    public async Task Host_UnknownDefaultRegion_FailsAtStartup()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Phone:DefaultRegion"] = "XX" });
        builder.Services.AddDataGuard(dg => dg.AddPhoneNumbers(builder.Configuration.GetSection("Phone")));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            ["DefaultRegion: DefaultRegion must be an ISO 3166-1 alpha-2 region code that libphonenumber supports, such as IN, US or GB (it is 'XX')."],
            ex.Failures);
    }

    [Fact]
    public async Task Host_SupportedDefaultRegion_Starts()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddDataGuard(dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN"));
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            Assert.Equal("+919876543210", host.Services.GetRequiredService<IPhoneNumberNormalizer>().Normalize("098765 43210"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static void AssertInvalid(Action<PhoneNumberOptions> configure, string expected)
    {
        using var services = Build(configure);

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal([expected], ex.Failures.ToArray());
        Assert.Equal(typeof(PhoneNumberOptions), ex.OptionsType);
    }

    private static ServiceProvider Build(Action<PhoneNumberOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddPhoneNumbers(configure));
        return services.BuildServiceProvider();
    }
}
