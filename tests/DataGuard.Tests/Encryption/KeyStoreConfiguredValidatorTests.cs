// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading.Tasks;
using DataGuard.Encryption;
using DataGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class KeyStoreConfiguredValidatorTests
{
    [Fact]
    public void Validate_NoKeyStore_StartupFailsNamingTheCallsToMake()
    {
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddFieldEncryption());
        using var services = collection.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            [
                "DataGuard field encryption has no key store. In AddDataGuard(...), call UseEntityFrameworkCore<TContext>() "
                + "or PersistKeysToDbContext<TContext>() (package DataGuard.EFCore), or PersistKeysTo(store).",
            ],
            ex.Failures);
    }

    [Fact]
    public void Validate_KeyStoreRegistered_Succeeds()
    {
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddFieldEncryption().PersistKeysTo(new InMemoryKeyStore()));
        using var services = collection.BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public async Task Validate_KeyStoreRegisteredWithoutPersistKeysTo_Succeeds()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IKeyStore, InMemoryKeyStore>();
        collection.AddDataGuard(dg => dg.AddFieldEncryption());
        await using var services = collection.BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();
    }
}
