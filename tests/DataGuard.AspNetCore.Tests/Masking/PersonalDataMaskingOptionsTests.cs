// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using DataGuard.AspNetCore.Masking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.AspNetCore.Tests.Masking;

/// <summary>Bad masking configuration fails at start-up, naming the setting.</summary>
public sealed class PersonalDataMaskingOptionsTests
{
    [Theory]
    [InlineData("", "PurposeHeaderName")]
    [InlineData("  ", "PurposeHeaderName")]
    [InlineData("X Purpose", "PurposeHeaderName")]
    [InlineData("X-Purpose:", "PurposeHeaderName")]
    public async Task BadHeaderName_FailsAtStartUp(string header, string setting)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MaskingTestApp.StartAsync(o => o.PurposeHeaderName = header));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task BadMaxPurposeLength_FailsAtStartUp(int length)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MaskingTestApp.StartAsync(o => o.MaxPurposeLength = length));

        Assert.Contains("MaxPurposeLength", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" billing")]
    public async Task BadAllowedPurpose_FailsAtStartUp(string purpose)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MaskingTestApp.StartAsync(o => o.AllowedPurposes.Add(purpose)));

        Assert.Contains("AllowedPurposes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UndefinedScope_FailsAtStartUp()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MaskingTestApp.StartAsync(o => o.Scope = (MaskingScope)7));

        Assert.Contains("Scope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_IsBound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["JsonMasking:Scope"] = "Global",
            ["JsonMasking:RequirePurpose"] = "false",
            ["JsonMasking:PurposeHeaderName"] = "X-Why",
            ["JsonMasking:AllowedPurposes:0"] = "support",
            ["JsonMasking:MaxPurposeLength"] = "20",
            ["JsonMasking:AuditDeniedAttempts"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddJsonMasking(configuration.GetSection("JsonMasking")));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PersonalDataMaskingOptions>>().Value;

        Assert.Equal(MaskingScope.Global, options.Scope);
        Assert.False(options.RequirePurpose);
        Assert.Equal("X-Why", options.PurposeHeaderName);
        Assert.Equal(["support"], options.AllowedPurposes);
        Assert.Equal(20, options.MaxPurposeLength);
        Assert.False(options.AuditDeniedAttempts);
    }

    [Fact]
    public void Configuration_BadValue_FailsValidation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PurposeHeaderName"] = "bad header" }).Build();
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddJsonMasking(configuration));
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PersonalDataMaskingOptions>>().Value);
        Assert.Throws<ArgumentNullException>(() => services.AddDataGuard(dg => dg.AddJsonMasking((IConfiguration)null!)));
    }

    [Fact]
    public void Defaults_AreDocumented()
    {
        var options = new PersonalDataMaskingOptions();

        Assert.Equal(MaskingScope.Endpoint, options.Scope);
        Assert.True(options.RequirePurpose);
        Assert.Equal("X-DataGuard-Purpose", options.PurposeHeaderName);
        Assert.Empty(options.AllowedPurposes);
        Assert.Equal(100, options.MaxPurposeLength);
        Assert.Null(options.PhoneMaskingPolicy);
        Assert.True(options.AuditDeniedAttempts);
    }

    [Fact]
    public void BuilderExtensions_RejectNull()
    {
        Assert.Throws<ArgumentNullException>(() => JsonMaskingDataGuardBuilderExtensions.AddJsonMasking(null!));
        Assert.Throws<ArgumentNullException>(() => AuthorizationDataGuardBuilderExtensions.AddAuthorizationPolicies(null!));
        Assert.Throws<ArgumentException>(() => new PersonalDataPurposeAttribute(" "));
    }
}
