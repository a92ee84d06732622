// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.Testing;

/// <summary>Starts a <see cref="TestHost{TContext}"/> over <see cref="TestDbContext"/>, the shared test model.</summary>
public static class TestHost
{
    /// <summary>Builds and starts a host over <see cref="TestDbContext"/>.</summary>
    /// <param name="database">The database engine.</param>
    /// <param name="connectionString">An existing database, or <see langword="null"/> for a new one.</param>
    /// <param name="configure">Extra DataGuard configuration.</param>
    /// <param name="services">Extra services.</param>
    /// <param name="keysDirectory">A shared Data Protection key directory, or <see langword="null"/>.</param>
    /// <param name="applicationName">The Data Protection application name.</param>
    /// <param name="configureOptions">Extra DbContext options.</param>
    /// <returns>The started host.</returns>
    public static Task<TestHost<TestDbContext>> StartAsync(
        DatabaseFixture database,
        string? connectionString = null,
        Action<IDataGuardBuilder>? configure = null,
        Action<IServiceCollection>? services = null,
        string? keysDirectory = null,
        string applicationName = "DataGuard.Tests",
        Action<DbContextOptionsBuilder>? configureOptions = null)
        => TestHost<TestDbContext>.StartAsync(database, connectionString, configure, services, keysDirectory, applicationName, configureOptions);
}
