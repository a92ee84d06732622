// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DataGuard.Encryption;
using DataGuard.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class FieldEncryptionDataGuardBuilderExtensionsTests
{
    [Fact]
    public void AddFieldEncryption_Twice_EachServiceRegisteredOnce()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddFieldEncryption().AddFieldEncryption());
        services.AddDataGuard(dg => dg.AddFieldEncryption());

        Assert.Equal(1, Count(services, typeof(KeyRing)));
        Assert.Equal(1, Count(services, typeof(IKeyRingManager)));
        Assert.Equal(1, Count(services, typeof(FieldEncryptor)));
        Assert.Equal(1, Count(services, typeof(IKeyEncryptionKey)));
        Assert.Equal(1, Count(services, typeof(IHostedService), typeof(KeyRingHostedService)));
        Assert.Equal(1, Count(services, typeof(IBlindIndexNormalizer), typeof(OrdinalNormalizer)));
        Assert.Equal(1, Count(services, typeof(IBlindIndexNormalizer), typeof(CaseInsensitiveNormalizer)));
        Assert.Equal(1, Count(services, typeof(IBlindIndexNormalizer), typeof(DigitsNormalizer)));
        Assert.Equal(1, Count(services, typeof(IValidateOptions<FieldEncryptionOptions>), typeof(FieldEncryptionOptionsValidator)));
        Assert.Equal(1, Count(services, typeof(IValidateOptions<FieldEncryptionOptions>), typeof(KeyStoreConfiguredValidator)));
        Assert.Equal(1, Count(services, typeof(IStartupValidator)));
    }

    [Fact]
    public void AddFieldEncryption_Twice_SameDescriptorsAsOnce()
    {
        var once = new ServiceCollection();
        once.AddDataGuard(dg => dg.AddFieldEncryption());
        var twice = new ServiceCollection();
        twice.AddDataGuard(dg => dg.AddFieldEncryption());
        twice.AddDataGuard(dg => dg.AddFieldEncryption());

        // Validate-on-start registers one (idempotent) configuration callback per call; every service is registered once.
        static IEnumerable<string> Services(IServiceCollection services) => services
            .Where(d => !d.ServiceType.Name.StartsWith("IConfigureOptions", StringComparison.Ordinal))
            .Select(d => $"{d.ServiceType} {d.ImplementationType}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(Services(once), Services(twice));
    }

    [Fact]
    public void AddFieldEncryption_ResolvesOneRingForManagerAndEncryptor()
    {
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddFieldEncryption().PersistKeysTo(new InMemoryKeyStore()));
        using var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var ring = services.GetRequiredService<KeyRing>();

        Assert.Same(ring, services.GetRequiredService<IKeyRingManager>());
        Assert.Same(ring, services.GetRequiredService<FieldEncryptor>().Ring);
        Assert.IsType<DataProtectionKeyEncryptionKey>(services.GetRequiredService<IKeyEncryptionKey>());
        Assert.Equal(
            [BlindIndexNormalizers.CaseInsensitive, BlindIndexNormalizers.Digits, BlindIndexNormalizers.Ordinal],
            services.GetRequiredService<FieldEncryptor>().NormalizerNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PersistKeysTo_Twice_LastStoreWins()
    {
        var first = new InMemoryKeyStore();
        var second = new InMemoryKeyStore();
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddFieldEncryption().PersistKeysTo(first).PersistKeysTo(second));
        using var services = collection.BuildServiceProvider();

        Assert.Equal(1, Count(collection, typeof(IKeyStore)));
        Assert.Same(second, services.GetRequiredService<IKeyStore>());
    }

    [Fact]
    public void ProtectKeysWith_ReplacesDataProtection()
    {
        using var kek = new RecordingKeyEncryptionKey();
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddFieldEncryption().ProtectKeysWith(kek).AddFieldEncryption());
        using var services = collection.BuildServiceProvider();

        Assert.Equal(1, Count(collection, typeof(IKeyEncryptionKey)));
        Assert.Same(kek, services.GetRequiredService<IKeyEncryptionKey>());
    }

    [Fact]
    public void AddBlindIndexNormalizer_Twice_RegisteredOnceAndUsable()
    {
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg
            .AddFieldEncryption()
            .PersistKeysTo(new InMemoryKeyStore())
            .AddBlindIndexNormalizer<ReversingNormalizer>()
            .AddBlindIndexNormalizer<ReversingNormalizer>());
        using var services = collection.BuildServiceProvider();

        Assert.Equal(1, Count(collection, typeof(IBlindIndexNormalizer), typeof(ReversingNormalizer)));
        var protector = services.GetRequiredService<FieldEncryptor>().CreateColumnProtector(
            new ColumnProtectionSettings("T", "C", "T.C", typeof(string), EncryptionAlgorithm.Default, true, "reversed", false));
        Assert.Equal(protector.ComputeBlindIndex("abc"), protector.ComputeBlindIndex("abc"));
        Assert.IsType<ReversingNormalizer>(protector.Normalizer);
    }

    [Fact]
    public void Methods_NullArguments_Throw()
    {
        var builder = new DataGuardBuilder(new ServiceCollection());

        Assert.Throws<ArgumentNullException>("builder", () => FieldEncryptionDataGuardBuilderExtensions.AddFieldEncryption(null!));
        Assert.Throws<ArgumentNullException>("builder", () => FieldEncryptionDataGuardBuilderExtensions.AddFieldEncryption(null!, _ => { }));
        Assert.Throws<ArgumentNullException>("configure", () => builder.AddFieldEncryption((Action<FieldEncryptionOptions>)null!));
        Assert.Throws<ArgumentNullException>("section", () => builder.AddFieldEncryption((IConfigurationSection)null!));
        Assert.Throws<ArgumentNullException>("keyEncryptionKey", () => builder.ProtectKeysWith(null!));
        Assert.Throws<ArgumentNullException>("store", () => builder.PersistKeysTo(null!));
        Assert.Throws<ArgumentNullException>("builder", () => FieldEncryptionDataGuardBuilderExtensions.PersistKeysTo(null!, new InMemoryKeyStore()));
        Assert.Throws<ArgumentNullException>("builder", () => FieldEncryptionDataGuardBuilderExtensions.AddBlindIndexNormalizer<ReversingNormalizer>(null!));
    }

    private static int Count(IServiceCollection services, Type serviceType, Type? implementationType = null)
        => services.Count(d => d.ServiceType == serviceType && (implementationType is null || d.ImplementationType == implementationType));

    private sealed class ReversingNormalizer : IBlindIndexNormalizer
    {
        public string Name => "reversed";

        public string Normalize(string value) => new(value.Reverse().ToArray());
    }
}
