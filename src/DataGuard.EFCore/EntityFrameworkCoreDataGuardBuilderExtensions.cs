// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.EFCore.Encryption;
using DataGuard.EFCore.Infrastructure;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DataGuard;

/// <summary>
/// Connects DataGuard to EF Core.
/// </summary>
public static class EntityFrameworkCoreDataGuardBuilderExtensions
{
    /// <summary>
    /// Uses <typeparamref name="TContext"/> for DataGuard: turns field encryption on, stores the key ring in the context's
    /// <c>DataGuardKeys</c> table (unless another key store is configured), registers the re-encryption job over its model and the
    /// <see cref="ITokenVault"/> over its <c>DataGuardTokens</c> table, and the audit trail's store over its <c>DataGuardAudit*</c> tables, and
    /// retention (<see cref="IRetentionService"/>, <see cref="ILegalHoldService"/>) over its model and retention tables.
    /// Start-up fails, naming the missing call, when the context lacks <c>UseDataGuard(sp)</c> or <c>modelBuilder.AddDataGuard()</c>, and,
    /// when retention has policies, when a policy does not fit the context's model (checked against the model, without a connection).
    /// </summary>
    /// <typeparam name="TContext">The application's context, registered with <c>AddDbContext</c>.</typeparam>
    /// <param name="builder">The DataGuard builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder UseEntityFrameworkCore<TContext>(this IDataGuardBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddFieldEncryption();
        var services = builder.Services;
        services.TryAddSingleton<IKeyStore, DbContextKeyStore<TContext>>();
        services.TryAddSingleton<IReencryptionJob, EntityFrameworkReencryptionJob<TContext>>();
        services.TryAddSingleton<ITokenVault, DataGuard.EFCore.Tokenization.DbContextTokenVault<TContext>>();
        services.TryAddSingleton<DataGuard.Auditing.IAuditStore, DataGuard.EFCore.Auditing.DbContextAuditStore<TContext>>();
        services.TryAddSingleton<IRetentionService, DataGuard.EFCore.Retention.DbContextRetentionService<TContext>>();
        services.TryAddSingleton<ILegalHoldService, DataGuard.EFCore.Retention.DbContextLegalHoldService<TContext>>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<global::DataGuard.Retention.RetentionOptions>, DataGuard.EFCore.Retention.RetentionModelValidator<TContext>>());
        services.AddOptionsWithValidateOnStart<EntityFrameworkCoreIntegrationOptions>().Configure(o => o.ContextTypes.Add(typeof(TContext)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EntityFrameworkCoreIntegrationOptions>, EntityFrameworkCoreIntegrationValidator>());
        return builder;
    }

    /// <summary>
    /// Stores the key ring in the <c>DataGuardKeys</c> table of <typeparamref name="TContext"/>, replacing any key store configured before.
    /// </summary>
    /// <typeparam name="TContext">A context whose model calls <c>modelBuilder.AddDataGuard()</c>.</typeparam>
    /// <param name="builder">The DataGuard builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder PersistKeysToDbContext<TContext>(this IDataGuardBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddFieldEncryption();
        builder.Services.Replace(ServiceDescriptor.Singleton<IKeyStore, DbContextKeyStore<TContext>>());
        return builder;
    }
}
