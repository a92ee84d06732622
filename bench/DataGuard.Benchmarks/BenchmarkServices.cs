// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.Encryption;
using DataGuard.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.Benchmarks;

/// <summary>DataGuard services over an in-memory key store and an ephemeral Data Protection key (benchmarks measure crypto, not storage).</summary>
internal static class BenchmarkServices
{
    public static async Task<ServiceProvider> CreateAsync(Action<IServiceCollection>? configure = null, Action<IDataGuardBuilder>? dataGuard = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("DataGuard.Benchmarks").UseEphemeralDataProtectionProvider();
        services.AddDataGuard(dg =>
        {
            dg.AddFieldEncryption().PersistKeysTo(new InMemoryKeyStore());
            dataGuard?.Invoke(dg);
        });
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IKeyRingManager>().InitializeAsync();
        return provider;
    }

    public static ColumnProtector Protector(IServiceProvider services, EncryptionAlgorithm algorithm, bool searchable = false)
        => services.GetRequiredService<FieldEncryptor>().CreateColumnProtector(
            new ColumnProtectionSettings("CallLogs", "Transcript", "CallLogs.Transcript", typeof(string), algorithm, searchable, null, false));
}
