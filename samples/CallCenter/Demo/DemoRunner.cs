// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using CallCenter.Data;
using DataGuard;
using DataGuard.Encryption;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Demo;

/// <summary>
/// The sample's main job, end to end on a fresh SQLite database: seed a small call centre, show what is stored, search by blind
/// index, show a refused query, rotate the data key and re-encrypt, then (through the app's own HTTP API) masked and unmasked listings
/// with their audit events, a redacted transcript and a tokenized number, the audit trail, and retention (DemoRunner.Retention.cs).
/// Grows as DataGuard's capabilities land.
/// </summary>
public sealed partial class DemoRunner(WebApplication app, TextWriter output)
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
            await ShowMaskingAsync(tenant);
            await ShowRedactedTranscriptAsync(tenant);
            await ShowTokenAsync(tenant);
            await ShowAuditTrailAsync();
            await ShowRetentionAsync();
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
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(5.5));
        var contacts = new List<Contact>
        {
            new() { TenantId = tenants[0].Id, DisplayName = "Asha", PhoneNumber = "+91 98765 43210", Email = "asha@example.in", LastContactAt = start },
            new() { TenantId = tenants[0].Id, DisplayName = "Ravi", PhoneNumber = "091234 56789", Email = "ravi@example.in", LastContactAt = start },
            new() { TenantId = tenants[1].Id, DisplayName = "Wanjiru", PhoneNumber = "+254 712 345678", Email = "wanjiru@example.ke", LastContactAt = start },
        };
        db.Contacts.AddRange(contacts);
        var callbacks = new Dictionary<Contact, string> { [contacts[0]] = "98765-43210", [contacts[1]] = "(0) 91234 56789", [contacts[2]] = "+254 712 345 678" };
        var calls = new List<CallLog>();
        for (var i = 0; i < 30; i++)
        {
            var contact = contacts[i % contacts.Count];
            calls.Add(new CallLog
            {
                TenantId = contact.TenantId,
                CallerNumber = contact.PhoneNumber!,
                DialledNumber = i % 2 == 0 ? "+91 22 6123 4567" : "1800 266 1234",
                Transcript = $"Call {i + 1}: {contact.DisplayName} asks about invoice INV-2026-{i + 1:0000}; call back on {callbacks[contact]} or write to {contact.Email}.",
                StartedAt = start.AddMinutes(17 * i),
                DurationSeconds = 60 + (i * 7),
            });
        }

        db.CallLogs.AddRange(calls);
        for (var i = 0; i < 5; i++)
        {
            db.SmsMessages.Add(new SmsMessage { TenantId = tenants[0].Id, ToNumber = contacts[i % 2].PhoneNumber!, Body = $"Your ticket {1000 + i} is resolved.", SentAt = start.AddHours(i) });
        }

        await db.SaveChangesAsync();
        foreach (var call in calls.Take(3))
        {
            var path = await recordings.SaveAsync(call.Id, new byte[1024]);
            db.Recordings.Add(new Recording { TenantId = call.TenantId, CallLogId = call.Id, FilePath = path, RecordedAt = call.StartedAt });
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

    private async Task ShowMaskingAsync(Guid tenantId)
    {
        using var client = CreateClient();
        output.WriteLine();
        output.WriteLine("5. Phone numbers are masked in API responses unless the user may see them and states a purpose:");
        var asAgent = await GetFirstCallAsync(client, tenantId, "agent-7", "Agent", purpose: null);
        output.WriteLine($"   agent-7 (Agent):                        callerNumber {asAgent.GetProperty("callerNumber").GetString()}");
        var noPurpose = await GetFirstCallAsync(client, tenantId, "sup-1", "Supervisor", purpose: null);
        output.WriteLine($"   sup-1 (Supervisor), no purpose:         callerNumber {noPurpose.GetProperty("callerNumber").GetString()}");
        var withPurpose = await GetFirstCallAsync(client, tenantId, "sup-1", "Supervisor", purpose: "billing-dispute");
        output.WriteLine($"   sup-1 (Supervisor), purpose stated:     callerNumber {withPurpose.GetProperty("callerNumber").GetString()}");
        // The unmasking is audited once the response has been written (with the count of values shown), so wait for it briefly.
        var unmasked = await AuditEventsAsync(AuditActions.Unmask);
        for (var wait = 0; wait < 50 && unmasked.Count == 0; wait++)
        {
            await Task.Delay(20);
            unmasked = await AuditEventsAsync(AuditActions.Unmask);
        }

        foreach (var audited in unmasked)
        {
            output.WriteLine($"   audit: {audited.Action} {audited.Outcome} by {audited.ActorId} ({string.Join(',', audited.ActorRoles)}) on {audited.Resource}, purpose {audited.Purpose}, {audited.Count} values shown");
        }
    }

    private async Task ShowRedactedTranscriptAsync(Guid tenantId)
    {
        using var client = CreateClient();
        var call = await GetFirstCallAsync(client, tenantId, "agent-7", "Agent", purpose: null);
        var redactor = app.Services.GetRequiredService<ITextRedactor>();
        output.WriteLine();
        output.WriteLine("6. Free text keeps its words and loses its numbers, e-mails and card numbers:");
        output.WriteLine($"   transcript as agent-7 sees it: {call.GetProperty("transcript").GetString()}");
        const string note = "Customer paid with card 4111 1111 1111 1111, asked us to call +44 20 7946 0958 before 10:30 on 12.05.2026.";
        output.WriteLine($"   ITextRedactor.Redact(note):    {redactor.Redact(note)}");
    }

    private async Task ShowTokenAsync(Guid tenantId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
        var call = await db.CallLogs.Where(c => c.TenantId == tenantId).OrderBy(c => c.Id).FirstAsync();
        var distinct = await db.CallLogs.Where(c => c.TenantId == tenantId).Select(c => c.DialledNumber).Distinct().CountAsync();
        using var client = CreateClient();
        output.WriteLine();
        output.WriteLine("7. The dialled number is stored as a phone-shaped token (impossible as a real number); the number lives encrypted in the vault:");
        output.WriteLine($"   stored in CallLogs.DialledNumber: {call.DialledNumber} ({distinct} distinct tokens for 2 dialled numbers: equal numbers, equal tokens)");
        var denied = await SendAsync(client, $"/tenants/{tenantId}/calls/{call.Id}/dialled-number", "agent-7", "Agent", "callback");
        output.WriteLine($"   agent-7 asks for the number: HTTP {(int)denied.StatusCode}");
        var granted = await SendAsync(client, $"/tenants/{tenantId}/calls/{call.Id}/dialled-number", "sup-1", "Supervisor", "callback");
        var number = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        output.WriteLine($"   sup-1 asks for the number:   HTTP {(int)granted.StatusCode}, {number}");
        foreach (var audited in await AuditEventsAsync(AuditActions.Detokenize))
        {
            output.WriteLine($"   audit: {audited.Action} {audited.Outcome} by {audited.ActorId}, purpose {audited.Purpose}, {audited.Count} token(s)");
        }
    }

    private async Task<List<AuditEvent>> AuditEventsAsync(string action)
    {
        var trail = app.Services.GetRequiredService<IAuditTrail>();
        await trail.FlushAsync();
        var events = new List<AuditEvent>();
        foreach (var stream in await trail.GetStreamsAsync())
        {
            await foreach (var record in trail.ReadAsync(stream))
            {
                if (record.Event.Action == action)
                {
                    events.Add(record.Event);
                }
            }
        }

        return events;
    }

    private async Task ShowAuditTrailAsync()
    {
        var trail = app.Services.GetRequiredService<IAuditTrail>();
        await trail.FlushAsync();
        output.WriteLine();
        output.WriteLine("8. The audit trail of this run (hash-chained per tenant; subjects are keyed hashes, never numbers):");
        var streams = await trail.GetStreamsAsync();
        foreach (var stream in streams)
        {
            await foreach (var record in trail.ReadAsync(stream))
            {
                var e = record.Event;
                var subjects = e.Subjects.Count == 0 ? string.Empty : $" subjects {string.Join(',', e.Subjects.Select(s => s[..Math.Min(s.Length, 10)] + "…"))}";
                var properties = e.Properties.Count == 0 ? string.Empty : $" properties {string.Join(',', e.Properties)}";
                output.WriteLine(
                    $"   {stream} #{record.Sequence,-3} {e.Timestamp:HH:mm:ss.ffffff} {e.Action,-10} {e.Outcome,-7} {e.ActorId ?? "-",-8} " +
                    $"{e.Resource}{(e.ResourceId is null ? string.Empty : "#" + e.ResourceId)} count {e.Count}{subjects}{properties}" +
                    $"{(e.Purpose is null ? string.Empty : " purpose " + e.Purpose)} hash {record.Hash[..12]}…");
            }
        }

        foreach (var stream in streams)
        {
            var result = await trail.VerifyAsync(stream);
            var checkpoint = await trail.CreateCheckpointAsync(stream);
            output.WriteLine($"   verify {stream}: {(result.IsValid ? "valid" : "BROKEN")}, {result.RecordsChecked} records; checkpoint exported at #{checkpoint.Sequence} {checkpoint.HeadHash?[..12]}…");
        }

        await ShowTamperedCopyAsync(streams[0]);
    }

    private async Task ShowTamperedCopyAsync(string stream)
    {
        // A consistent copy of the database, then one record edited as a database writer could: the chain no longer verifies.
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(app.Configuration.GetConnectionString("CallCenter")).DataSource;
        var copy = Path.Combine(Path.GetDirectoryName(source)!, "tampered-copy.db");
        File.Delete(copy);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallCenterDb>();
            await db.Database.ExecuteSqlAsync($"VACUUM INTO {copy}");
        }

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"DataGuardAuditRecords\" SET \"ActorId\" = 'someone-else' WHERE \"Stream\" = $stream AND \"Sequence\" = 2";
            command.Parameters.AddWithValue("$stream", stream);
            await command.ExecuteNonQueryAsync();
        }

        await using var reader = await CallCenterApp.OpenAuditTrailAsync(app, $"Data Source={copy};Pooling=False");
        var result = await reader.GetRequiredService<IAuditTrail>().VerifyAsync(stream);
        output.WriteLine($"   tampered copy (actor of {stream} #2 rewritten): {(result.IsValid ? "valid (this is a bug)" : "BROKEN")} at #{result.FirstBrokenSequence}: {result.Failure}");
    }

    private HttpClient CreateClient()
        => new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

    private async Task<JsonElement> GetFirstCallAsync(HttpClient client, Guid tenantId, string user, string role, string? purpose)
    {
        using var response = await SendAsync(client, $"/tenants/{tenantId}/calls", user, role, purpose);
        response.EnsureSuccessStatusCode();
        var calls = await response.Content.ReadFromJsonAsync<JsonElement>();
        return calls.EnumerateArray().Last();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string user, string role, string? purpose)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Demo-User", user);
        request.Headers.Add("X-Demo-Roles", role);
        if (purpose is not null)
        {
            request.Headers.Add("X-DataGuard-Purpose", purpose);
        }

        return await client.SendAsync(request);
    }
}
