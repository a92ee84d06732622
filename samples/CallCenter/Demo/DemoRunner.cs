// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CallCenter.Data;
using DataGuard;
using DataGuard.Encryption;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Demo;

/// <summary>
/// The sample's main job, end to end on a fresh SQLite database: seed a small call centre, show what is stored, search by blind
/// index, show a refused query, rotate the data key and re-encrypt. Grows as DataGuard's capabilities land.
/// </summary>
public sealed class DemoRunner(WebApplication app, TextWriter output)
{
    public async Task<int> RunAsync()
    {
        await app.StartAsync();
        try
        {
            output.WriteLine("DataGuard call-centre demo (SQLite)");
            output.WriteLine("Note: this demo keeps its Data Protection keys unencrypted in App_Data/demo/keys; protect them in production.");
            output.WriteLine();
            var tenant = await SeedAsync();
            await ShowStoredValueAsync();
            await ShowBlindIndexLookupAsync(tenant);
            await ShowRefusedQueryAsync();
            await RotateAndReencryptAsync();
            output.WriteLine();
            output.WriteLine("Demo finished.");
            return 0;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private async Task<Guid> SeedAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
        var recordings = scope.ServiceProvider.GetRequiredService<RecordingStore>();
        var tenants = new[] { new Tenant { Id = Guid.NewGuid(), Name = "Mumbai Support" }, new Tenant { Id = Guid.NewGuid(), Name = "Nairobi Sales" } };
        db.Tenants.AddRange(tenants);
        var contacts = new List<Contact>
        {
            new() { TenantId = tenants[0].Id, DisplayName = "Asha", PhoneNumber = "+91 98765 43210", Email = "asha@example.in" },
            new() { TenantId = tenants[0].Id, DisplayName = "Ravi", PhoneNumber = "+91 91234 56789", Email = "ravi@example.in" },
            new() { TenantId = tenants[1].Id, DisplayName = "Wanjiru", PhoneNumber = "+254 712 345678", Email = "wanjiru@example.ke" },
        };
        db.Contacts.AddRange(contacts);
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(5.5));
        var calls = new List<CallLog>();
        for (var i = 0; i < 30; i++)
        {
            var contact = contacts[i % contacts.Count];
            calls.Add(new CallLog
            {
                TenantId = contact.TenantId,
                CallerNumber = contact.PhoneNumber,
                DialledNumber = "+18005550100",
                Transcript = $"Call {i + 1}: {contact.DisplayName} asks about an invoice.",
                StartedAt = start.AddMinutes(17 * i),
                DurationSeconds = 60 + (i * 7),
            });
        }

        db.CallLogs.AddRange(calls);
        for (var i = 0; i < 5; i++)
        {
            db.SmsMessages.Add(new SmsMessage { TenantId = tenants[0].Id, ToNumber = contacts[i % 2].PhoneNumber, Body = $"Your ticket {1000 + i} is resolved.", SentAt = start.AddHours(i) });
        }

        await db.SaveChangesAsync();
        foreach (var call in calls.Take(3))
        {
            var path = await recordings.SaveAsync(call.Id, new byte[1024]);
            db.Recordings.Add(new Recording { CallLogId = call.Id, FilePath = path, RecordedAt = call.StartedAt });
        }

        await db.SaveChangesAsync();
        output.WriteLine($"Seeded {tenants.Length} tenants, {contacts.Count} contacts, {calls.Count} call logs, 3 recordings (files), 5 SMS messages.");
        return tenants[0].Id;
    }

    private async Task ShowStoredValueAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
        var call = await db.CallLogs.OrderBy(c => c.Id).FirstAsync();
        var raw = await db.Database.SqlQuery<string>($"SELECT \"CallerNumber\" AS \"Value\" FROM \"CallLogs\" WHERE \"Id\" = {call.Id}").SingleAsync();
        output.WriteLine();
        output.WriteLine("1. Encryption at rest (AES-256-GCM, bound to CallLogs.CallerNumber):");
        output.WriteLine($"   stored in the database: {raw}");
        output.WriteLine($"   read through DataGuard: {call.CallerNumber}");
    }

    private async Task ShowBlindIndexLookupAsync(Guid tenantId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
        const string typed = "+91-98765-43210";
        var calls = await db.CallLogs.Where(c => c.TenantId == tenantId).WhereEquals(c => c.CallerNumber, typed).ToListAsync();
        var contact = await db.Contacts.WhereEquals(c => c.Email, "ASHA@example.in ").SingleAsync();
        output.WriteLine();
        output.WriteLine("2. Blind-index lookup (HMAC-SHA256 of the normalised value, no decryption of the table):");
        output.WriteLine($"   WhereEquals(c => c.CallerNumber, \"{typed}\") found {calls.Count} call logs of {contact.DisplayName}");
        output.WriteLine($"   WhereEquals(c => c.Email, \"ASHA@example.in \") found contact {contact.DisplayName}");
    }

    private async Task ShowRefusedQueryAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
        output.WriteLine();
        output.WriteLine("3. A query that would run on ciphertext is refused, not silently wrong:");
        try
        {
            await db.CallLogs.OrderBy(c => c.CallerNumber).ToListAsync();
            output.WriteLine("   (not refused: this is a bug)");
        }
        catch (DataGuardQueryException ex)
        {
            output.WriteLine($"   OrderBy(c => c.CallerNumber): {ex.Message}");
        }
    }

    private async Task RotateAndReencryptAsync()
    {
        var keys = app.Services.GetRequiredService<IKeyRingManager>();
        var before = keys.GetKeys().Single(k => k.IsActive && k.Purpose == KeyPurpose.DataEncryption).Id;
        var after = await keys.RotateDataKeyAsync();
        output.WriteLine();
        output.WriteLine("4. Key rotation and re-encryption:");
        output.WriteLine($"   active data key {before} -> {after} (the old key still decrypts)");
        var result = await app.Services.GetRequiredService<IReencryptionJob>().RunAsync(
            new ReencryptionOptions { BatchSize = 10 },
            new InlineProgress<ReencryptionProgress>(p =>
            {
                if (p.RowsScanned > 0)
                {
                    output.WriteLine($"   {p.Table}: batch {p.Batches}, {p.RowsScanned} rows scanned, {p.RowsRewritten} rewritten");
                }
            }));
        output.WriteLine($"   re-encrypted {result.RowsRewritten} rows ({result.RowsConflicted} changed concurrently, {result.RowsFailed} failed)");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
        var count = await db.CallLogs.WhereEquals(c => c.CallerNumber, "+919876543210").CountAsync();
        output.WriteLine($"   after rotation the blind-index lookup still finds {count} call logs");
    }
}
