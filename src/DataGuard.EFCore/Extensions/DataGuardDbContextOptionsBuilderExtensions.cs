// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard;
using DataGuard.EFCore.Infrastructure;
using DataGuard.EFCore.PhoneNumbers;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Turns DataGuard on for a <see cref="DbContext"/>.
/// </summary>
public static class DataGuardDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Applies DataGuard to the context: encrypted properties become ciphertext, searchable ones get blind indexes, and queries that
    /// cannot run on ciphertext are refused.
    /// </summary>
    /// <param name="optionsBuilder">The options builder, typically in <c>AddDbContext&lt;T&gt;((sp, o) =&gt; o.UseSqlite(...).UseDataGuard(sp))</c>.</param>
    /// <param name="serviceProvider">The application's service provider, where <c>AddDataGuard</c> registered DataGuard.</param>
    /// <returns>The value of <paramref name="optionsBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optionsBuilder"/> or <paramref name="serviceProvider"/> is <see langword="null"/>.</exception>
    public static DbContextOptionsBuilder UseDataGuard(this DbContextOptionsBuilder optionsBuilder, IServiceProvider serviceProvider)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(serviceProvider);

        var extension = new DataGuardOptionsExtension(
            serviceProvider.GetService<FieldEncryptor>(),
            serviceProvider.GetService<DataGuardMarkerService>() is not null,
            serviceProvider.GetService<IPhoneNumberNormalizer>() is { } phoneNumbers
                ? new PhoneNumberSettings(
                    phoneNumbers,
                    serviceProvider.GetService<IPhoneNumberMasker>(),
                    serviceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(IDataGuardTenantContext)) == true)
                : null);
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(extension);
        return optionsBuilder;
    }

    /// <summary>
    /// Applies DataGuard to the context: encrypted properties become ciphertext, searchable ones get blind indexes, and queries that
    /// cannot run on ciphertext are refused.
    /// </summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="optionsBuilder">The options builder.</param>
    /// <param name="serviceProvider">The application's service provider, where <c>AddDataGuard</c> registered DataGuard.</param>
    /// <returns>The value of <paramref name="optionsBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optionsBuilder"/> or <paramref name="serviceProvider"/> is <see langword="null"/>.</exception>
    public static DbContextOptionsBuilder<TContext> UseDataGuard<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, IServiceProvider serviceProvider)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseDataGuard((DbContextOptionsBuilder)optionsBuilder, serviceProvider);
}
