// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Encryption;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.IntegrationTests.Encryption;

/// <summary>Several application instances on one database and one Data Protection key repository, and what happens when they do not share it.</summary>
public abstract class KeyRingSharingTests<TFixture>(TFixture database) : IDisposable
    where TFixture : DatabaseFixture
{
    private readonly string _keys = Path.Combine(Path.GetTempPath(), "dataguard-dpkeys-shared-" + Guid.NewGuid().ToString("N")[..12]);

    protected TFixture Database { get; } = database;

    public void Dispose()
    {
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }
    }

    [SkippableFact]
    public async Task TwoInstances_SharedDatabaseAndDataProtectionKeys_ReadEachOthersValuesAcrossRotation()
    {
        await using var first = await TestHost.StartAsync(Database, keysDirectory: _keys);
        await using var second = await TestHost.StartAsync(Database, connectionString: first.ConnectionString, keysDirectory: _keys);
        Assert.Equal(
            first.KeyRing.GetKeys().Select(k => k.Id.Value).Order(),
            second.KeyRing.GetKeys().Select(k => k.Id.Value).Order());

        await WriteAsync(first, "+15550001", "from the first instance");

        // The second instance rotates; the first has not refreshed yet and finds the new key when a value names it.
        var rotated = await second.KeyRing.RotateDataKeyAsync();
        await WriteAsync(second, "+15550002", "from the second instance after rotation");

        await using var db = first.CreateContext();
        var calls = await db.CallLogs.OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(["from the first instance", "from the second instance after rotation"], calls.Select(c => c.Transcript));
        Assert.Contains(first.KeyRing.GetKeys(), k => k.Id == rotated);
        Assert.Single(await db.CallLogs.WhereEquals(c => c.CallerNumber, "+15550002").ToListAsync());
    }

    [SkippableFact]
    public async Task SecondInstance_OtherDataProtectionApplicationName_FailsToStartNamingTheKey()
    {
        await using var first = await TestHost.StartAsync(Database, keysDirectory: _keys);
        await WriteAsync(first, "+15550001", "secret");

        var error = await Assert.ThrowsAsync<DataGuardCryptographicException>(
            () => TestHost.StartAsync(Database, connectionString: first.ConnectionString, keysDirectory: _keys, applicationName: "Another.App"));

        Assert.Equal(CryptographicFailureReason.KeyUnavailable, error.Reason);
        Assert.Contains(error.KeyId!.Value.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("application name", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task KeyStoreRowCorrupted_NextStartFailsNamingTheKeyAndNotItsBytes()
    {
        var (dataKey, error) = await ChangeActiveDataKeyRowThenRestartAsync(rotateFirst: false, row =>
        {
            row.WrappedKey![row.WrappedKey.Length / 2] ^= 0x01;
            return true;
        });

        Assert.Equal(CryptographicFailureReason.KeyUnavailable, error.Reason);
        Assert.Equal(dataKey, error.KeyId);
        Assert.Contains(dataKey.ToString(), error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task KeyStoreRow_OldKeyReactivatedBySql_NextStartFailsNamingIt_AndNothingIsEncryptedUnderIt()
    {
        // A database writer moves the retired data key's activation past the active key's: the activation time sealed in the wrapped
        // material no longer matches, so the key ring refuses to start instead of encrypting new values under the retired key.
        var (retired, error) = await ChangeActiveDataKeyRowThenRestartAsync(rotateFirst: true, row =>
        {
            row.ActivatedAt = row.ActivatedAt.AddDays(30);
            return false;
        });

        Assert.Equal(CryptographicFailureReason.KeyUnavailable, error.Reason);
        Assert.Equal(retired, error.KeyId);
        Assert.Contains("activation time differs", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts a host, optionally rotates the data key, changes the row of the data key that was active at start (the change returns
    /// whether it changed the wrapped key in place), then starts a second host on the same database and returns its start-up failure.
    /// </summary>
    private async Task<(KeyId Key, DataGuardCryptographicException Error)> ChangeActiveDataKeyRowThenRestartAsync(
        bool rotateFirst, Func<DataGuard.EFCore.Encryption.DataGuardKeyEntity, bool> change)
    {
        string connectionString;
        KeyId key;
        await using (var host = await TestHost.StartAsync(Database, keysDirectory: _keys))
        {
            connectionString = host.ConnectionString;
            key = host.KeyRing.GetKeys().Single(k => k.IsActive && k.Purpose == KeyPurpose.DataEncryption).Id;
            if (rotateFirst)
            {
                await host.KeyRing.RotateDataKeyAsync();
            }

            await using var db = host.CreateContext();
            var row = await db.Set<DataGuard.EFCore.Encryption.DataGuardKeyEntity>().SingleAsync(k => k.Id == key.Value);
            if (change(row))
            {
                db.Entry(row).Property(r => r.WrappedKey).IsModified = true;
            }

            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<DataGuardCryptographicException>(
            () => TestHost.StartAsync(Database, connectionString: connectionString, keysDirectory: _keys));
        return (key, error);
    }

    private static async Task WriteAsync(TestHost<TestDbContext> host, string number, string transcript)
    {
        await using var db = host.CreateContext();
        db.CallLogs.Add(new CallLog { CallerNumber = number, Transcript = transcript, StartedAt = DateTimeOffset.UnixEpoch });
        await db.SaveChangesAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteKeyRingSharingTests(SqliteFixture database) : KeyRingSharingTests<SqliteFixture>(database);

[Collection(PostgresCollection.Name)]
public sealed class PostgresKeyRingSharingTests(PostgresFixture database) : KeyRingSharingTests<PostgresFixture>(database);
