// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Model;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.EFCore.Tests.Infrastructure;

/// <summary>Misconfiguration of the EF Core integration fails host start-up with the call that fixes it.</summary>
public sealed class EntityFrameworkCoreIntegrationValidatorTests(SqliteFixture database) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Start_ContextWithoutUseDataGuard_FailsNamingUseDataGuard()
    {
        var connectionString = await database.CreateDatabaseAsync();
        using var host = Build(services =>
        {
            services.AddDbContext<TestDbContext>(o => o.UseSqlite(connectionString));
            services.AddDataGuard(dg => dg.UseEntityFrameworkCore<TestDbContext>());
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("TestDbContext", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseDataGuard(sp)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeyContextWithoutAddDataGuardModel_FailsNamingAddDataGuard()
    {
        var connectionString = await database.CreateDatabaseAsync();
        using var host = Build(services =>
        {
            services.AddDbContext<NoKeyTableDbContext>((sp, o) => o.UseSqlite(connectionString).UseDataGuard(sp));
            services.AddDataGuard(dg => dg.UseEntityFrameworkCore<NoKeyTableDbContext>());
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("NoKeyTableDbContext", ex.Message, StringComparison.Ordinal);
        Assert.Contains("modelBuilder.AddDataGuard()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ContextNotRegistered_FailsNamingAddDbContext()
    {
        using var host = Build(services => services.AddDataGuard(dg => dg.UseEntityFrameworkCore<TestDbContext>()));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("TestDbContext is not registered", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddDbContext<TestDbContext>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeyRingInAnotherStore_AcceptsContextWithoutKeyTable()
    {
        var connectionString = await database.CreateDatabaseAsync();
        var store = new InMemoryKeyStore();
        using var host = Build(services =>
        {
            services.AddDbContext<NoKeyTableDbContext>((sp, o) => o.UseSqlite(connectionString).UseDataGuard(sp));
            services.AddDataGuard(dg => dg.PersistKeysTo(store).UseEntityFrameworkCore<NoKeyTableDbContext>());
        });

        await host.StartAsync();
        await host.StopAsync();

        Assert.NotEmpty(store.Records);
    }

    [Fact]
    public async Task Start_ValidConfiguration_Starts()
    {
        await using var host = await TestHost.StartAsync(database);

        Assert.Contains(host.KeyRing.GetKeys(), k => k.IsActive);
    }

    private IHost Build(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDataProtection()
            .SetApplicationName("DataGuard.Tests")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(database.Directory, "dp-" + Guid.NewGuid().ToString("N"))));
        configure(builder.Services);
        return builder.Build();
    }
}
