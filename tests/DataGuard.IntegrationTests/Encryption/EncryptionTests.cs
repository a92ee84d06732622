// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.IntegrationTests.Encryption;

/// <summary>Field encryption through EF Core, run on every real provider.</summary>
public abstract class EncryptionTests<TFixture>(TFixture database)
    where TFixture : DatabaseFixture
{
    protected TFixture Database { get; } = database;

    [SkippableFact]
    public async Task RoundTrip_String_StoredAsCiphertextAndReadBack()
    {
        await using var host = await TestHost.StartAsync(Database);
        await using (var db = host.CreateContext())
        {
            db.CallLogs.Add(new CallLog { CallerNumber = "+919876543210", Transcript = "hello", StartedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            var log = await db.CallLogs.SingleAsync();
            Assert.Equal("+919876543210", log.CallerNumber);
            Assert.Equal("hello", log.Transcript);
            var raw = (await RawColumns.ReadAsync(db, "CallLogs", "CallerNumber")).Single();
            Assert.StartsWith("dgEB", raw, StringComparison.Ordinal);
            Assert.DoesNotContain("9876543210", raw, StringComparison.Ordinal);
            Assert.Equal(host.KeyRing.GetKeys().Single(k => k.IsActive && k.Purpose == DataGuard.Encryption.KeyPurpose.DataEncryption).Id, RawColumns.KeyIdOf(raw));
        }
    }

    [SkippableFact]
    public async Task RoundTrip_EverySupportedType_ReadsBackEqualValues()
    {
        var expected = new AllTypes
        {
            Text = "naïve — ünïcödé ✓ 📞",
            Bytes = [0, 1, 2, 254, 255],
            Flag = true,
            Short = short.MinValue,
            Int = int.MaxValue,
            Long = long.MinValue,
            Float = 3.25f,
            Double = -1.0 / 3.0,
            Decimal = 79228162514264337593543950335m,
            Guid = Guid.NewGuid(),
            DateTime = new DateTime(2024, 2, 29, 23, 59, 59, 999, DateTimeKind.Utc).AddTicks(7),
            DateTimeOffset = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(330)).AddTicks(3),
            DateOnly = new DateOnly(1999, 12, 31),
            TimeOnly = new TimeOnly(23, 59, 59, 999).Add(TimeSpan.FromTicks(9)),
            TimeSpan = TimeSpan.FromDays(-3.5),
            SearchableLong = 42,
            XChaChaText = "xchacha",
            AegisText = "aegis",
        };
        await using var host = await TestHost.StartAsync(Database);
        await using (var db = host.CreateContext())
        {
            db.AllTypes.Add(expected);
            db.AllTypes.Add(new AllTypes { Int = 0, Text = string.Empty, Bytes = [] });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            var rows = await db.AllTypes.OrderBy(a => a.Id).ToListAsync();
            var actual = rows[0];
            Assert.Equal(expected.Text, actual.Text);
            Assert.Equal(expected.Bytes, actual.Bytes);
            Assert.Equal(expected.Flag, actual.Flag);
            Assert.Equal(expected.Short, actual.Short);
            Assert.Equal(expected.Int, actual.Int);
            Assert.Equal(expected.Long, actual.Long);
            Assert.Equal(expected.Float, actual.Float);
            Assert.Equal(expected.Double, actual.Double);
            Assert.Equal(expected.Decimal, actual.Decimal);
            Assert.Equal(expected.Guid, actual.Guid);
            Assert.Equal(expected.DateTime, actual.DateTime);
            Assert.Equal(expected.DateTime!.Value.Kind, actual.DateTime!.Value.Kind);
            Assert.Equal(expected.DateTimeOffset, actual.DateTimeOffset);
            Assert.Equal(expected.DateTimeOffset!.Value.Offset, actual.DateTimeOffset!.Value.Offset);
            Assert.Equal(expected.DateOnly, actual.DateOnly);
            Assert.Equal(expected.TimeOnly, actual.TimeOnly);
            Assert.Equal(expected.TimeSpan, actual.TimeSpan);
            Assert.Equal(expected.XChaChaText, actual.XChaChaText);
            Assert.Equal(expected.AegisText, actual.AegisText);

            // Nulls stay null, empty stays empty.
            var empty = rows[1];
            Assert.Equal(string.Empty, empty.Text);
            Assert.Empty(empty.Bytes!);
            Assert.Null(empty.Flag);
            Assert.Null(empty.Guid);
            Assert.Null(empty.AegisText);

            var found = await db.AllTypes.WhereEquals(a => a.SearchableLong, (long?)42).SingleAsync();
            Assert.Equal(actual.Id, found.Id);

            // Every column is ciphertext at rest, nulls are NULL.
            foreach (var column in new[] { "Text", "Flag", "Int", "Decimal", "Guid", "DateTimeOffset", "XChaChaText", "AegisText" })
            {
                var raw = await RawColumns.ReadAsync(db, "AllTypes", column);
                Assert.StartsWith("dgEB", raw[0], StringComparison.Ordinal);
            }

            Assert.Null((await RawColumns.ReadAsync(db, "AllTypes", "Guid"))[1]);
        }
    }

    [SkippableFact]
    public async Task WhereEquals_BlindIndex_FindsRowsWithoutDecryptingTheTable()
    {
        await using var host = await TestHost.StartAsync(Database);
        await using (var db = host.CreateContext())
        {
            for (var i = 0; i < 50; i++)
            {
                db.CallLogs.Add(new CallLog { CallerNumber = $"+9198765{i:D5}", StartedAt = DateTimeOffset.UnixEpoch });
            }

            db.CallLogs.Add(new CallLog { CallerNumber = "+91 98765-00007", StartedAt = DateTimeOffset.UnixEpoch, Note = "second" });
            db.Contacts.Add(new Contact { Name = "A", Email = "Alice@Example.com", Home = new Address { Phone = "+15550100", City = "X" } });
            db.Contacts.Add(new Contact { Name = "B", Email = "bob@example.com", Home = new Address { Phone = "+15550101", City = "Y" } });
            await db.SaveChangesAsync();
        }

        await using (var db = host.CreateContext())
        {
            // The digits normaliser makes both spellings of the number equal.
            var calls = await db.CallLogs.WhereEquals(c => c.CallerNumber, "+919876500007").OrderBy(c => c.Id).ToListAsync();
            Assert.Equal(2, calls.Count);
            Assert.Equal("second", calls[1].Note);

            var several = await db.CallLogs.WhereEqualsAny(c => c.CallerNumber, ["+919876500001", "+919876500002", "+10000000000"]).CountAsync();
            Assert.Equal(2, several);

            var alice = await db.Contacts.WhereEquals(c => c.Email, "  alice@example.COM").SingleAsync();
            Assert.Equal("A", alice.Name);

            var byOwnedPhone = await db.Contacts.WhereEquals(c => c.Home!.Phone, "+15550101").SingleAsync();
            Assert.Equal("B", byOwnedPhone.Name);

            Assert.Empty(await db.CallLogs.WhereEquals(c => c.CallerNumber, "+919999999999").ToListAsync());
        }
    }

    [SkippableFact]
    public async Task Read_PlaintextInjectedIntoEncryptedColumn_IsRefusedNotReturned()
    {
        await using var host = await TestHost.StartAsync(Database);
        await using var db = host.CreateContext();
        db.CallLogs.Add(new CallLog { CallerNumber = "+15550123", StartedAt = DateTimeOffset.UnixEpoch });
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"CallLogs\" SET \"Transcript\" = 'injected by a DBA'");

        await using var reader = host.CreateContext();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => reader.CallLogs.ToListAsync());
        var cause = Assert.IsType<DataGuardCryptographicException>(error is DataGuardCryptographicException ? error : error.InnerException);
        Assert.Equal(CryptographicFailureReason.PlaintextNotAllowed, cause.Reason);
        Assert.Contains("CallLogs", cause.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("injected by a DBA", error.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Read_ValueCopiedFromAnotherColumn_FailsNamingTableColumnAndKey()
    {
        await using var host = await TestHost.StartAsync(Database);
        await using var db = host.CreateContext();
        db.CallLogs.Add(new CallLog { CallerNumber = "+15550123", Transcript = "secret transcript", StartedAt = DateTimeOffset.UnixEpoch });
        await db.SaveChangesAsync();

        // A database writer moves the (valid) caller-number ciphertext into the transcript column.
        await db.Database.ExecuteSqlRawAsync("UPDATE \"CallLogs\" SET \"Transcript\" = \"CallerNumber\"");

        await using var reader = host.CreateContext();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => reader.CallLogs.ToListAsync());
        var cause = Assert.IsType<DataGuardCryptographicException>(error is DataGuardCryptographicException ? error : error.InnerException);
        Assert.Equal(CryptographicFailureReason.AuthenticationFailed, cause.Reason);
        Assert.Equal("CallLogs.Transcript", cause.Column);
        Assert.Contains("'Transcript' of table 'CallLogs'", cause.Message, StringComparison.Ordinal);
        Assert.Contains(cause.KeyId!.Value.ToString(), cause.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("+15550123", error.ToString(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteEncryptionTests(SqliteFixture database) : EncryptionTests<SqliteFixture>(database);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEncryptionTests(PostgresFixture database) : EncryptionTests<PostgresFixture>(database);
