// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.EFCore.Infrastructure;
using DataGuard.EFCore.Storage;
using DataGuard.EFCore.Tests.Fixtures;
using DataGuard.Encryption;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataGuard.EFCore.Tests.Infrastructure;

/// <summary>
/// One EF Core model per key ring, one internal service provider for all: contexts of one application share a model (however many
/// are created), two applications with different key rings never do, and however many hosts a process builds, EF Core's limit of
/// twenty internal service providers is never reached.
/// </summary>
[Collection(ServiceProviderCacheCollection.Name)]
public sealed class DataGuardOptionsExtensionTests : IAsyncLifetime
{
    private readonly SqliteFixture _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task UseDataGuard_ThousandContextsAcrossScopes_ShareOneModelWithoutProviderWarning()
    {
        var connectionString = await _database.CreateDatabaseAsync();
        var keys = Path.Combine(_database.Directory, "dp-scale");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDataProtection().SetApplicationName("DataGuard.Scale").PersistKeysToFileSystem(new DirectoryInfo(keys));
        builder.Services.AddDbContext<TestDbContext>((sp, o) => o
            .UseSqlite(connectionString)
            .UseDataGuard(sp)
            .ConfigureWarnings(w => w.Throw(CoreEventId.ManyServiceProvidersCreatedWarning)));
        builder.Services.AddDataGuard(dg => dg.UseEntityFrameworkCore<TestDbContext>());
        using var host = builder.Build();
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.CallLogs.Add(new CallLog { CallerNumber = "+919876543210", Transcript = "scale" });
            await db.SaveChangesAsync();
        }

        var models = new HashSet<object>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < 1000; i++)
        {
            using var scope = host.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            var found = await db.CallLogs.WhereEquals(c => c.CallerNumber, "+91 98765 43210").Select(c => c.Transcript).SingleAsync();
            Assert.Equal("scale", found);
            models.Add(db.Model);
        }

        await host.StopAsync();
        Assert.Single(models);
    }

    [Fact]
    public async Task UseDataGuard_ThirtyHostsInOneProcess_OneInternalProviderAndOneModelPerKeyRing()
    {
        // EF Core throws (TestHost configures it explicitly) when a 21st internal service provider is created in the process.
        var hosts = new List<TestHost<TestDbContext>>();
        try
        {
            var providers = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var models = new HashSet<object>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < 30; i++)
            {
                var host = await TestHost.StartAsync(_database);
                hosts.Add(host);
                await using var db = host.CreateContext();
                db.CallLogs.Add(new CallLog { CallerNumber = "+1555000" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Transcript = "host " + i });
                await db.SaveChangesAsync();
                Assert.Equal("host " + i, (await db.CallLogs.AsNoTracking().SingleAsync()).Transcript);
                providers.Add(db.GetService<IModelSource>());
                models.Add(db.Model);
            }

            Assert.Single(providers);
            Assert.Equal(30, models.Count);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task UseDataGuard_TwoHostsWithDifferentKeyRings_UseSeparateModelsAndCannotReadEachOther()
    {
        await using var hostA = await TestHost.StartAsync(_database);
        await using var hostB = await TestHost.StartAsync(_database);
        long idA;
        long idB;
        await using (var db = hostA.CreateContext())
        {
            var log = new CallLog { CallerNumber = "+919876543210", Transcript = "written by A" };
            db.CallLogs.Add(log);
            await db.SaveChangesAsync();
            idA = log.Id;
        }

        await using (var db = hostB.CreateContext())
        {
            var log = new CallLog { CallerNumber = "+14155550100", Transcript = "written by B" };
            db.CallLogs.Add(log);
            await db.SaveChangesAsync();
            idB = log.Id;
        }

        await using var dbA = hostA.CreateContext();
        await using var dbB = hostB.CreateContext();
        Assert.NotSame(dbA.Model, dbB.Model);
        Assert.NotSame(TranscriptConverter(dbA), TranscriptConverter(dbB));
        Assert.NotSame(TranscriptConverter(dbA).Protector, TranscriptConverter(dbB).Protector);
        Assert.Equal("written by A", (await dbA.CallLogs.SingleAsync(c => c.Id == idA)).Transcript);
        Assert.Equal("written by B", (await dbB.CallLogs.SingleAsync(c => c.Id == idB)).Transcript);

        // Move A's ciphertext into B's row: same table and column, so only the key ring differs.
        var ciphertextA = await dbA.Database.SqlQueryRaw<string>("SELECT \"Transcript\" AS \"Value\" FROM \"CallLogs\" WHERE \"Id\" = {0}", idA).SingleAsync();
        await dbB.Database.ExecuteSqlRawAsync("UPDATE \"CallLogs\" SET \"Transcript\" = {0} WHERE \"Id\" = {1}", ciphertextA, idB);
        var ex = await Assert.ThrowsAsync<DataGuardCryptographicException>(() => dbB.CallLogs.AsNoTracking().SingleAsync(c => c.Id == idB));

        Assert.Equal(CryptographicFailureReason.KeyNotFound, ex.Reason);
        Assert.Equal(ActiveDataKey(hostA.KeyRing), ex.KeyId);
        Assert.DoesNotContain("written by A", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseDataGuard_ServiceProviderWithoutAddDataGuard_ThrowsNamingAddDataGuard()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var options = new DbContextOptionsBuilder<TestDbContext>().UseSqlite(await _database.CreateDatabaseAsync()).UseDataGuard(services).Options;

        // EF Core validates the options extensions when the context gets its internal service provider: on construction.
        var ex = Assert.Throws<InvalidOperationException>(() => new TestDbContext(options));

        Assert.Contains("AddDataGuard", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseDataGuard", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseDataGuard_NullArguments_Throw()
    {
        var builder = new DbContextOptionsBuilder<TestDbContext>();

        Assert.Throws<ArgumentNullException>(() => DataGuardDbContextOptionsBuilderExtensions.UseDataGuard(null!, ModelServices.WithFieldEncryption));
        Assert.Throws<ArgumentNullException>(() => builder.UseDataGuard(null!));
    }

    [Fact]
    public void UseDataGuard_Generic_ReturnsSameBuilderWithOneExtension()
    {
        var builder = new DbContextOptionsBuilder<TestDbContext>();

        var returned = builder.UseDataGuard(ModelServices.WithFieldEncryption).UseDataGuard(ModelServices.WithFieldEncryption);

        Assert.Same(builder, returned);
        var extension = Assert.Single(builder.Options.Extensions, e => e is DataGuardOptionsExtension);
        Assert.Same(ModelServices.WithFieldEncryption.GetRequiredService<FieldEncryptor>(), ((DataGuardOptionsExtension)extension).Encryptor);
    }

    [Fact]
    public async Task Info_AnyKeyRing_SharesServiceProvider()
    {
        await using var other = ModelServices.Create(fieldEncryption: true);
        var encryptor = ModelServices.WithFieldEncryption.GetRequiredService<FieldEncryptor>();
        var first = new DataGuardOptionsExtension(encryptor, dataGuardRegistered: true).Info;
        var second = new DataGuardOptionsExtension(encryptor, dataGuardRegistered: true).Info;
        var otherRing = new DataGuardOptionsExtension(other.GetRequiredService<FieldEncryptor>(), dataGuardRegistered: true).Info;
        var unregistered = new DataGuardOptionsExtension(null, dataGuardRegistered: false).Info;

        Assert.True(first.ShouldUseSameServiceProvider(second));
        Assert.True(first.ShouldUseSameServiceProvider(otherRing));
        Assert.Equal(first.GetServiceProviderHashCode(), otherRing.GetServiceProviderHashCode());
        Assert.False(first.ShouldUseSameServiceProvider(unregistered));
        Assert.False(first.IsDatabaseProvider);
    }

    [Fact]
    public async Task UseDataGuard_ModelCacheKeyFactoryReplaced_ThrowsExplainingWhy()
    {
        var options = new DbContextOptionsBuilder<TestDbContext>()
            .UseSqlite(await _database.CreateDatabaseAsync())
            .UseDataGuard(ModelServices.WithFieldEncryption)
            .ReplaceService<IModelCacheKeyFactory, ModelCacheKeyFactory>()
            .Options;

        var ex = Assert.Throws<InvalidOperationException>(() => new TestDbContext(options).Model);

        Assert.Contains("IModelCacheKeyFactory", ex.Message, StringComparison.Ordinal);
        Assert.Contains("key ring", ex.Message, StringComparison.Ordinal);
    }

    private static IEncryptedValueConverter TranscriptConverter(TestDbContext db)
        => (IEncryptedValueConverter)db.Model.FindEntityType(typeof(CallLog))!.FindProperty(nameof(CallLog.Transcript))!.GetValueConverter()!;

    private static KeyId ActiveDataKey(IKeyRingManager ring)
    {
        foreach (var key in ring.GetKeys())
        {
            if (key.IsActive && key.Purpose == KeyPurpose.DataEncryption)
            {
                return key.Id;
            }
        }

        throw new InvalidOperationException("The ring has no active data key.");
    }
}
