// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.EFCore.Tests.Fixtures;

/// <summary>
/// Application service providers for contexts built without a host: DataGuard with field encryption (keys in memory,
/// ephemeral Data Protection), or DataGuard without it. Contexts run on real SQLite files.
/// </summary>
public static class ModelServices
{
    private static readonly Lazy<ServiceProvider> SharedWithEncryption = new(() => Create(fieldEncryption: true));

    /// <summary>Gets one provider with field encryption, shared so that every context built over it uses one EF Core service provider.</summary>
    public static IServiceProvider WithFieldEncryption => SharedWithEncryption.Value;

    private static readonly Lazy<ServiceProvider> SharedWithPhoneNumbers = new(() => Create(fieldEncryption: true, phoneNumbers: true));

    /// <summary>Gets one provider with field encryption and phone numbers (default region IN).</summary>
    public static IServiceProvider WithPhoneNumbers => SharedWithPhoneNumbers.Value;

    public static ServiceProvider Create(bool fieldEncryption, bool phoneNumbers = false)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        if (phoneNumbers)
        {
            services.AddDataGuard(dg => dg.AddFieldEncryption().PersistKeysTo(new InMemoryKeyStore()).AddPhoneNumbers(p => p.DefaultRegion = "IN"));
        }
        else if (fieldEncryption)
        {
            services.AddDataGuard(dg => dg.AddFieldEncryption().PersistKeysTo(new InMemoryKeyStore()));
        }
        else
        {
            services.AddDataGuard();
        }

        return services.BuildServiceProvider();
    }

    public static TContext CreateContext<TContext>(IServiceProvider services, string connectionString)
        where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>().UseSqlite(connectionString).UseDataGuard(services).Options;
        return (TContext)Activator.CreateInstance(typeof(TContext), options)!;
    }
}
