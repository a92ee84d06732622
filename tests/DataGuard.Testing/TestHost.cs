// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading.Tasks;
using DataGuard.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataGuard.Testing;

/// <summary>
/// A real generic host with DataGuard over <typeparamref name="TContext"/> on a real database: start-up validation and hosted services
/// (key-ring load) run exactly as in an application.
/// </summary>
/// <typeparam name="TContext">The application's context.</typeparam>
public sealed class TestHost<TContext> : IAsyncDisposable
    where TContext : DbContext
{
    private readonly IHost _host;
    private readonly string? _ownedKeysDirectory;

    private TestHost(IHost host, string connectionString, string? ownedKeysDirectory)
    {
        _host = host;
        ConnectionString = connectionString;
        _ownedKeysDirectory = ownedKeysDirectory;
    }

    /// <summary>Gets the host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Gets the database's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the key-ring manager.</summary>
    public IKeyRingManager KeyRing => Services.GetRequiredService<IKeyRingManager>();

    /// <summary>Builds and starts a host. The schema is created before the host starts (the key ring lives in it).</summary>
    /// <param name="database">The database engine.</param>
    /// <param name="connectionString">An existing database (for several hosts on one database), or <see langword="null"/> for a new one.</param>
    /// <param name="configure">Extra DataGuard configuration.</param>
    /// <param name="services">Extra services.</param>
    /// <param name="keysDirectory">A Data Protection key directory shared with other hosts, or <see langword="null"/> for a private one.</param>
    /// <param name="applicationName">The Data Protection application name.</param>
    /// <param name="configureOptions">Extra DbContext options.</param>
    /// <returns>The started host.</returns>
    public static async Task<TestHost<TContext>> StartAsync(
        DatabaseFixture database,
        string? connectionString = null,
        Action<IDataGuardBuilder>? configure = null,
        Action<IServiceCollection>? services = null,
        string? keysDirectory = null,
        string applicationName = "DataGuard.Tests",
        Action<DbContextOptionsBuilder>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        database.EnsureAvailable();
        connectionString ??= await database.CreateDatabaseAsync();
        string? owned = null;
        if (keysDirectory is null)
        {
            keysDirectory = owned = Path.Combine(Path.GetTempPath(), "dataguard-dpkeys-" + Guid.NewGuid().ToString("N")[..12]);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        builder.Services.AddDbContextFactory<TContext>((sp, o) =>
        {
            // Warn-as-error: every host of this process must share one EF Core internal service provider (DataGuard separates key
            // rings by model, not by provider), so the many hosts a test run builds never trip EF Core's limit of twenty.
            database.Use(o, connectionString).UseDataGuard(sp)
                .ConfigureWarnings(w => w.Throw(CoreEventId.ManyServiceProvidersCreatedWarning));
            configureOptions?.Invoke(o);
        });
        builder.Services.AddDataGuard(dg =>
        {
            dg.UseEntityFrameworkCore<TContext>();
            configure?.Invoke(dg);
        });
        services?.Invoke(builder.Services);

        var host = builder.Build();
        try
        {
            await using (var context = await host.Services.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContextAsync())
            {
                await context.Database.EnsureCreatedAsync();
            }

            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestHost<TContext>(host, connectionString, owned);
    }

    /// <summary>Creates a context.</summary>
    /// <returns>A new context; dispose it.</returns>
    public TContext CreateContext() => Services.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_ownedKeysDirectory is not null && Directory.Exists(_ownedKeysDirectory))
        {
            Directory.Delete(_ownedKeysDirectory, recursive: true);
        }
    }
}
