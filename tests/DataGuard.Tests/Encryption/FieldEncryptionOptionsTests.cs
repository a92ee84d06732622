// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DataGuard.Encryption;
using DataGuard.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class FieldEncryptionOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AsDocumented()
    {
        var options = new FieldEncryptionOptions();

        Assert.Equal(EncryptionAlgorithm.Aes256Gcm, options.DefaultAlgorithm);
        Assert.Equal(16, options.BlindIndexSize);
        Assert.Equal(TimeSpan.FromMinutes(5), options.KeyRefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.UnknownKeyRefreshCooldown);
        Assert.Equal(TimeSpan.FromDays(90), options.DataKeyLifetime);
        Assert.Equal(DestroyedKeyBehavior.Throw, options.DestroyedKeyBehavior);
    }

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        using var services = Build(_ => { });

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Validate_ValidNonDefaults_Succeeds()
    {
        using var services = Build(o =>
        {
            o.DefaultAlgorithm = EncryptionAlgorithm.Aegis256;
            o.BlindIndexSize = 32;
            o.KeyRefreshInterval = TimeSpan.FromDays(1);
            o.UnknownKeyRefreshCooldown = TimeSpan.Zero;
            o.DataKeyLifetime = null;
            o.DestroyedKeyBehavior = DestroyedKeyBehavior.ReturnDefault;
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(EncryptionAlgorithm.Aegis256, services.GetRequiredService<IOptions<FieldEncryptionOptions>>().Value.DefaultAlgorithm);
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.Default, "DefaultAlgorithm: DefaultAlgorithm must be Aes256Gcm, XChaCha20Poly1305 or Aegis256 (it is 'Default').")]
    [InlineData((EncryptionAlgorithm)42, "DefaultAlgorithm: DefaultAlgorithm must be Aes256Gcm, XChaCha20Poly1305 or Aegis256 (it is '42').")]
    public void Validate_BadDefaultAlgorithm_ExactMessage(EncryptionAlgorithm algorithm, string expected)
        => AssertInvalid(o => o.DefaultAlgorithm = algorithm, expected);

    [Theory]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(33)]
    public void Validate_BlindIndexSizeOutOfRange_ExactMessage(int size)
        => AssertInvalid(o => o.BlindIndexSize = size, "BlindIndexSize: The field FieldEncryptionOptions.BlindIndexSize must be between 16 and 32.");

    [Fact]
    public void Validate_DataKeyLifetimeOneHour_ExactMessage()
        => AssertInvalid(
            o => o.DataKeyLifetime = TimeSpan.FromHours(1),
            "DataKeyLifetime: DataKeyLifetime must be at least one day, or null to turn automatic rotation off (it is 01:00:00).");

    [Fact]
    public void Validate_KeyRefreshIntervalZero_ExactMessage()
        => AssertInvalid(
            o => o.KeyRefreshInterval = TimeSpan.Zero,
            "KeyRefreshInterval: The field FieldEncryptionOptions.KeyRefreshInterval must be between 00:00:01 and 1.00:00:00.");

    [Fact]
    public void Validate_UnknownKeyRefreshCooldownOverOneHour_ExactMessage()
        => AssertInvalid(
            o => o.UnknownKeyRefreshCooldown = TimeSpan.FromHours(2),
            "UnknownKeyRefreshCooldown: The field FieldEncryptionOptions.UnknownKeyRefreshCooldown must be between 00:00:00 and 01:00:00.");

    [Fact]
    public void Validate_UndefinedDestroyedKeyBehavior_ExactMessage()
        => AssertInvalid(o => o.DestroyedKeyBehavior = (DestroyedKeyBehavior)7, "DestroyedKeyBehavior: DestroyedKeyBehavior must be Throw or ReturnDefault (it is '7').");

    [Fact]
    public void Validate_SeveralBadValues_AllReportedTogether()
    {
        using var services = Build(o =>
        {
            o.DefaultAlgorithm = EncryptionAlgorithm.Default;
            o.BlindIndexSize = 8;
            o.DataKeyLifetime = TimeSpan.FromHours(1);
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(3, ex.Failures.Count());
        Assert.Contains("BlindIndexSize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultAlgorithm", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DataKeyLifetime", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFieldEncryption_ConfigurationSection_BindsAndValidates()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataGuard:Encryption:DefaultAlgorithm"] = "XChaCha20Poly1305",
            ["DataGuard:Encryption:BlindIndexSize"] = "24",
            ["DataGuard:Encryption:DataKeyLifetime"] = "30.00:00:00",
            ["DataGuard:Encryption:DestroyedKeyBehavior"] = "ReturnDefault",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddFieldEncryption(configuration.GetSection("DataGuard:Encryption")).PersistKeysTo(new InMemoryKeyStore()));
        using var services = collection.BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<FieldEncryptionOptions>>().Value;

        Assert.Equal(EncryptionAlgorithm.XChaCha20Poly1305, options.DefaultAlgorithm);
        Assert.Equal(24, options.BlindIndexSize);
        Assert.Equal(TimeSpan.FromDays(30), options.DataKeyLifetime);
        Assert.Equal(DestroyedKeyBehavior.ReturnDefault, options.DestroyedKeyBehavior);
    }

    [Fact]
    public void AddFieldEncryption_ConfigurationSectionWithBadValue_StartupValidationFails()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Encryption:BlindIndexSize"] = "8",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddFieldEncryption(configuration.GetSection("Encryption")).PersistKeysTo(new InMemoryKeyStore()));
        using var services = collection.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(["BlindIndexSize: The field FieldEncryptionOptions.BlindIndexSize must be between 16 and 32."], ex.Failures);
    }

    private static void AssertInvalid(Action<FieldEncryptionOptions> configure, string expected)
    {
        using var services = Build(configure);

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal([expected], ex.Failures);
        Assert.Equal(typeof(FieldEncryptionOptions), ex.OptionsType);
    }

    private static ServiceProvider Build(Action<FieldEncryptionOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddFieldEncryption(configure).PersistKeysTo(new InMemoryKeyStore()));
        return services.BuildServiceProvider();
    }
}
