// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataGuard;

/// <summary>
/// Turns on field encryption and configures where the key ring lives and what protects it.
/// </summary>
public static class FieldEncryptionDataGuardBuilderExtensions
{
    /// <summary>
    /// Adds field encryption with default options: AES-256-GCM, a key ring wrapped by ASP.NET Core Data Protection, 16-byte blind indexes.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddFieldEncryption(this IDataGuardBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddDataProtection();
        services.TryAddSingleton<IKeyEncryptionKey, DataProtectionKeyEncryptionKey>();
        services.TryAddSingleton<KeyRing>();
        services.TryAddSingleton<IKeyRingManager>(sp => sp.GetRequiredService<KeyRing>());
        services.TryAddSingleton<FieldEncryptor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBlindIndexNormalizer, OrdinalNormalizer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBlindIndexNormalizer, CaseInsensitiveNormalizer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBlindIndexNormalizer, DigitsNormalizer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KeyRingHostedService>());
        services.AddOptionsWithValidateOnStart<FieldEncryptionOptions, FieldEncryptionOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FieldEncryptionOptions>, KeyStoreConfiguredValidator>());
        return builder;
    }

    /// <summary>
    /// Adds field encryption and configures its options.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddFieldEncryption(this IDataGuardBuilder builder, Action<FieldEncryptionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddFieldEncryption();
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds field encryption and binds its options to a configuration section (for example <c>DataGuard:Encryption</c>).
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="section"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddFieldEncryption(this IDataGuardBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.AddFieldEncryption();
        builder.Services.AddOptions<FieldEncryptionOptions>().Bind(section);
        return builder;
    }

    /// <summary>
    /// Replaces the key-encryption key (ASP.NET Core Data Protection by default) with another one, such as a KMS or an HSM.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="keyEncryptionKey">The key-encryption key.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="keyEncryptionKey"/> is <see langword="null"/>.</exception>
    /// <remarks>Keys wrapped by the previous key-encryption key become unavailable: choose it before the first key is created.</remarks>
    public static IDataGuardBuilder ProtectKeysWith(this IDataGuardBuilder builder, IKeyEncryptionKey keyEncryptionKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(keyEncryptionKey);
        builder.Services.Replace(ServiceDescriptor.Singleton(keyEncryptionKey));
        return builder;
    }

    /// <summary>
    /// Stores the key ring in the given store (replacing any store configured before).
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="store">The key store.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="store"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder PersistKeysTo(this IDataGuardBuilder builder, IKeyStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.Replace(ServiceDescriptor.Singleton(store));
        return builder;
    }

    /// <summary>
    /// Registers a blind-index normaliser that properties can name.
    /// </summary>
    /// <typeparam name="TNormalizer">The normaliser type, created once by dependency injection.</typeparam>
    /// <param name="builder">The DataGuard builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddBlindIndexNormalizer<TNormalizer>(this IDataGuardBuilder builder)
        where TNormalizer : class, IBlindIndexNormalizer
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IBlindIndexNormalizer, TNormalizer>());
        return builder;
    }
}
