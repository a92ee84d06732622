// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.Encryption;
using DataGuard.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.Tests.Encryption;

/// <summary>
/// A service provider with field encryption over an <see cref="InMemoryKeyStore"/> (no host, no database), and a factory of
/// column protectors. By default Data Protection is ephemeral (a fresh key-encryption key per harness).
/// </summary>
internal sealed class EncryptionHarness : IAsyncDisposable
{
    private EncryptionHarness(ServiceProvider services, InMemoryKeyStore store)
    {
        Services = services;
        Store = store;
    }

    public ServiceProvider Services { get; }

    public InMemoryKeyStore Store { get; }

    public KeyRing Ring => Services.GetRequiredService<KeyRing>();

    public IKeyRingManager Manager => Services.GetRequiredService<IKeyRingManager>();

    public FieldEncryptor Encryptor => Services.GetRequiredService<FieldEncryptor>();

    /// <summary>Builds a provider (and initialises its ring unless told otherwise).</summary>
    /// <param name="configure">Configures the field-encryption options.</param>
    /// <param name="store">A key store shared with other harnesses, or <see langword="null"/> for a new one.</param>
    /// <param name="time">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="dataProtection">Configures Data Protection, or <see langword="null"/> for an ephemeral provider.</param>
    /// <param name="keyEncryptionKey">Replaces the Data Protection key-encryption key.</param>
    /// <param name="services">Extra services.</param>
    /// <param name="initialize">Whether to await <see cref="IKeyRingManager.InitializeAsync"/>.</param>
    public static async Task<EncryptionHarness> CreateAsync(
        Action<FieldEncryptionOptions>? configure = null,
        InMemoryKeyStore? store = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? dataProtection = null,
        IKeyEncryptionKey? keyEncryptionKey = null,
        Action<IServiceCollection>? services = null,
        bool initialize = true)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        if (time is not null)
        {
            collection.AddSingleton(time);
        }

        if (dataProtection is null)
        {
            collection.AddDataProtection().UseEphemeralDataProtectionProvider();
        }
        else
        {
            dataProtection(collection);
        }

        store ??= new InMemoryKeyStore();
        collection.AddDataGuard(dg =>
        {
            dg.AddFieldEncryption(configure ?? (_ => { })).PersistKeysTo(store);
            if (keyEncryptionKey is not null)
            {
                dg.ProtectKeysWith(keyEncryptionKey);
            }
        });
        services?.Invoke(collection);

        var harness = new EncryptionHarness(collection.BuildServiceProvider(validateScopes: true), store);
        if (initialize)
        {
            try
            {
                await harness.Manager.InitializeAsync();
            }
            catch
            {
                await harness.DisposeAsync();
                throw;
            }
        }

        return harness;
    }

    /// <summary>Creates the protector of a column through <see cref="FieldEncryptor.CreateColumnProtector"/>.</summary>
    public ColumnProtector CreateProtector(
        string table = "Contacts",
        string column = "Phone",
        string? associatedDataName = null,
        Type? valueType = null,
        EncryptionAlgorithm algorithm = EncryptionAlgorithm.Default,
        bool searchable = false,
        string? normalizer = null,
        bool allowPlaintextMigration = false)
        => Encryptor.CreateColumnProtector(new ColumnProtectionSettings(
            table,
            column,
            associatedDataName ?? $"{table}.{column}",
            valueType ?? typeof(string),
            algorithm,
            searchable,
            normalizer,
            allowPlaintextMigration));

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
