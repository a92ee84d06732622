// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using CallCenter;
using CallCenter.Data;
using CallCenter.Demo;
using CallCenter.Endpoints;
using DataGuard.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.IntegrationTests.Samples;

/// <summary>The sample users copy: its demo (the README's first command) and its API on PostgreSQL.</summary>
public sealed class CallCenterSampleTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "dataguard-sample-" + Guid.NewGuid().ToString("N")[..12]);

    public CallCenterSampleTests() => Directory.CreateDirectory(_contentRoot);

    private static async Task<string> GetAsync(HttpClient client, string path, string? user, string? roles, string? purpose)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Add("X-Demo-User", user);
            request.Headers.Add("X-Demo-Roles", roles);
        }

        if (purpose is not null)
        {
            request.Headers.Add("X-DataGuard-Purpose", purpose);
        }

        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task Demo_OnSqlite_ShowsCiphertextLookupRefusalAndRotation()
    {
        var app = CallCenterApp.Build(["--contentRoot", _contentRoot], demo: true);
        await CallCenterApp.CreateDatabaseAsync(app);
        using var output = new StringWriter();

        var exitCode = await new DemoRunner(app, output).RunAsync();
        await app.DisposeAsync();

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        var stored = text.Split('\n').Single(l => l.Contains("stored in the database:", StringComparison.Ordinal));
        Assert.Contains("dgEB", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("98765", stored, StringComparison.Ordinal);
        Assert.Contains("read through DataGuard: +919876543210", text, StringComparison.Ordinal);
        Assert.Contains("found 10 call logs of Asha", text, StringComparison.Ordinal);
        Assert.Contains("OrderBy(c => c.CallerNumber): DataGuard refused the query", text, StringComparison.Ordinal);
        Assert.Contains("DataGuardTokens: batch 1, 4 rows scanned, 4 rewritten", text, StringComparison.Ordinal);
        Assert.Contains("re-encrypted 42 rows (0 changed concurrently, 0 failed)", text, StringComparison.Ordinal);
        Assert.Contains("after rotation the blind-index lookup still finds 10 call logs", text, StringComparison.Ordinal);
        Assert.Contains("agent-7 (Agent):                        callerNumber +91 98••• ••210", text, StringComparison.Ordinal);
        Assert.Contains("sup-1 (Supervisor), no purpose:         callerNumber +91 98••• ••210", text, StringComparison.Ordinal);
        Assert.Contains("sup-1 (Supervisor), purpose stated:     callerNumber +919876543210", text, StringComparison.Ordinal);
        Assert.Contains("audit: unmask Success by sup-1 (Supervisor)", text, StringComparison.Ordinal);
        var transcript = text.Split('\n').Single(l => l.Contains("transcript as agent-7 sees it:", StringComparison.Ordinal));
        Assert.Contains("call back on +91 98••• ••210 or write to a•••@example.in", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("43210", transcript, StringComparison.Ordinal);
        Assert.Contains("card •••• •••• •••• 1111, asked us to call +44 20 •••• •958 before 10:30 on 12.05.2026.", text, StringComparison.Ordinal);
        var token = text.Split('\n').Single(l => l.Contains("stored in CallLogs.DialledNumber:", StringComparison.Ordinal));
        Assert.Matches(@"DialledNumber: \+91\d{18} \(2 distinct tokens", token);
        Assert.Contains("agent-7 asks for the number: HTTP 403", text, StringComparison.Ordinal);
        Assert.Contains("sup-1 asks for the number:   HTTP 200, +912261234567", text, StringComparison.Ordinal);
        Assert.Contains("audit: detokenize Denied by agent-7, purpose callback, 1 token(s)", text, StringComparison.Ordinal);
        Assert.Contains("audit: detokenize Success by sup-1, purpose callback, 1 token(s)", text, StringComparison.Ordinal);
        var trail = text[text.IndexOf("8. The audit trail of this run", StringComparison.Ordinal)..text.IndexOf("9. Retention", StringComparison.Ordinal)];
        Assert.Matches(@"system #1 +\S+ create +Success", trail);
        Assert.Matches(@"request +Success sup-1 +GET /tenants/\{tenantId:guid\}/calls/ count 2 subjects s1:", trail);
        Assert.Matches(@"verify system: valid, \d+ records; checkpoint exported at #\d+ [0-9a-f]{12}", trail);
        Assert.Contains("tampered copy (actor of system #2 rewritten): BROKEN at #2: HashMismatch", trail, StringComparison.Ordinal);
        Assert.DoesNotContain("98765", trail, StringComparison.Ordinal);
        Assert.DoesNotContain("43210", trail, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(Path.Combine(_contentRoot, "App_Data", "demo", "audit-checkpoints.jsonl")));
        Assert.True(File.Exists(Path.Combine(_contentRoot, "App_Data", "demo", "callcenter.db")));
        AssertRetentionSection(text[text.IndexOf("9. Retention", StringComparison.Ordinal)..]);
    }

    /// <summary>Section 9: a dry run that finds expired rows, holds, then a real run a year later that spares exactly the held rows.</summary>
    private void AssertRetentionSection(string retention)
    {
        static long Number(string text, string pattern) => long.Parse(Regex.Match(text, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

        Assert.Matches(@"Nairobi Sales chooses transcripts 7 days: refused: .*30", retention);
        var dryRun = retention[retention.IndexOf("dry run on 2026-12-01", StringComparison.Ordinal)..retention.IndexOf("legal hold on the caller", StringComparison.Ordinal)];
        Assert.True(Number(dryRun, @"call-logs +delete +\(default\) +365 days +2025-12-01 +(\d+)") > 0, dryRun);
        Assert.True(Number(dryRun, @"analytics +delete +\(default\) +730 days +\S+ +(\d+)") > 0, dryRun);
        Assert.Matches(@"invoices +keep +\(default\) +2555 days +\S+ +0 +0 +0 +[1-9]", dryRun);
        Assert.Matches(@"transcripts +anonymize +Mumbai Support +30 days +\S+ +[1-9]", dryRun);
        Assert.Matches(@"contacts +anonymize +Mumbai Support +180 days +\S+ +[1-9]", dryRun);

        // The held caller was typed in another written form; the hold matched every row of that caller and none went.
        var heldCalls = Number(retention, @"legal hold on the caller ""098765 43210"" \(Subject; the identifier stored encrypted, with its hash s1:\S+\): (\d+) call logs and \d+ recordings today");
        Assert.True(heldCalls > 0);

        // Recordings carry no number: the held caller's recording is held through its call log, row and file.
        var heldRecordings = Number(retention, @"legal hold on the caller .*: \d+ call logs and (\d+) recordings today");
        Assert.True(heldRecordings > 0);
        var heldCallerRecordings = Regex.Match(retention, @"held caller: \d+ of \d+ call logs left, (\d+) of (\d+) recordings left \((\d+) files kept");
        Assert.True(heldCallerRecordings.Success, retention);
        Assert.Equal(heldRecordings.ToString(CultureInfo.InvariantCulture), heldCallerRecordings.Groups[1].Value);
        Assert.Equal(heldRecordings.ToString(CultureInfo.InvariantCulture), heldCallerRecordings.Groups[2].Value);
        Assert.Equal(heldRecordings.ToString(CultureInfo.InvariantCulture), heldCallerRecordings.Groups[3].Value);
        var held = Regex.Match(retention, @"held caller: (\d+) of (\d+) call logs left");
        Assert.Equal(held.Groups[2].Value, held.Groups[1].Value);
        Assert.True(Number(retention, @"held caller: \d+ of (\d+)") > heldCalls, "the year's call of the held caller is counted too");
        var realRun = retention[retention.IndexOf("a year later (", StringComparison.Ordinal)..];
        Assert.True(Number(realRun, @"run Completed: (\d+) rows purged") > 0, realRun);

        // The call of the held recording waits for it (Restrict): held back, not failed.
        Assert.Matches(@"run Completed: \d+ rows purged, \d+ held back, \d+ kept by law, 0 failed", realRun);
        Assert.True(Number(realRun, @"call-logs +delete +\(default\) +365 days +\S+ +\d+ +\d+ +(\d+)") > 0, "held rows are reported as held back");
        var others = Regex.Match(retention, @"other callers: (\d+) of (\d+) call logs left");
        Assert.Equal("3", others.Groups[1].Value);            // the year's two calls by callers without a hold, and the call of the held recording
        Assert.True(long.Parse(others.Groups[2].Value, CultureInfo.InvariantCulture) > 2);
        Assert.Matches(@"held record: recording #\d+ row kept, file kept", retention);
        Assert.Contains("recordings: 3 of 6 rows left, 3 of 6 files left", retention, StringComparison.Ordinal); // the held caller's, the held record, the year's
        Assert.Equal(2, Regex.Count(retention, @"\[removed\] \(phone null, e-mail null\)"));
        Assert.Contains("invoices: 4 of 4 kept (statutory)", retention, StringComparison.Ordinal);
        Assert.Matches(@"audit: retention-purge Success by dataguard:retention", retention);
        foreach (var audit in retention.Split('\n').Where(l => l.Contains("audit:", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("43210", audit, StringComparison.Ordinal);
        }

        // The database and the recordings folder agree with the output.
        var recordings = Directory.GetFiles(Path.Combine(_contentRoot, "App_Data", "demo", "recordings"));
        Assert.Equal(3, recordings.Length);
    }

    [Fact]
    public async Task RecordingFilesHook_DeletesFiles_RetainsRowsWhoseFileCannotGoOrLiesOutsideTheFolder()
    {
        var store = new RecordingStore(Path.Combine(_contentRoot, "recordings"));
        var deletable = await store.SaveAsync(1, new byte[16]);
        var alreadyGone = Path.Combine(store.Directory, "call-2.wav");
        var undeletable = Path.Combine(store.Directory, "call-3.wav");
        Directory.CreateDirectory(undeletable);                     // a directory where the file should be: File.Delete fails
        var outside = Path.Combine(_contentRoot, "not-a-recording.txt");
        await File.WriteAllTextAsync(outside, "keep me");
        var rows = new[]
        {
            new Recording { Id = 1, FilePath = deletable },
            new Recording { Id = 2, FilePath = alreadyGone },
            new Recording { Id = 3, FilePath = undeletable },
            new Recording { Id = 4, FilePath = Path.Combine(store.Directory, "..", "not-a-recording.txt") },
        };
        var batch = new RetentionHookBatch<Recording>("recordings", RetentionAction.Delete, rows);

        await new CallCenter.Retention.RecordingFilesRetentionHook(store).BeforePurgeAsync(batch);

        Assert.False(File.Exists(deletable));
        Assert.Equal([3L, 4L], batch.Retained.Keys.Select(r => r.Id).Order().ToArray());
        Assert.Contains("could not be deleted", batch.Retained[rows[2]], StringComparison.Ordinal);
        Assert.Contains("outside the recordings folder", batch.Retained[rows[3]], StringComparison.Ordinal);
        Assert.True(File.Exists(outside));
        Assert.True(Directory.Exists(undeletable));

        // Idempotent: the same batch again (a crash after the hook, before the delete) deletes nothing more and fails nothing new.
        var again = new RetentionHookBatch<Recording>("recordings", RetentionAction.Delete, rows[..2]);
        await new CallCenter.Retention.RecordingFilesRetentionHook(store).BeforePurgeAsync(again);
        Assert.Empty(again.Retained);
    }

    [Fact]
    public async Task Api_WithoutPermission_ShowsOnlyMaskedNumbers_WithPermissionAndPurpose_RawNumbersAndOneAuditEvent()
    {
        var audit = new CapturingAuditSink();
        await using var app = CallCenterApp.Build(
            ["--contentRoot", _contentRoot, "--urls", "http://127.0.0.1:0", "--Authentication:DemoHeaders", "true"],
            configure: b => b.Services.AddSingleton<DataGuard.IAuditSink>(audit));
        await CallCenterApp.CreateDatabaseAsync(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var tenant = Guid.NewGuid();
        (await client.PostAsJsonAsync(
            new Uri($"/tenants/{tenant}/calls", UriKind.Relative),
            new CallCenterEndpoints.NewCall("098765 43210", "+91 22 6123 4567", "Call me back on 98765-43210 or +44 20 7946 0958.", DateTimeOffset.UnixEpoch, 42))).EnsureSuccessStatusCode();

        foreach (var (user, roles, purpose) in new[] { ((string?)null, (string?)null, (string?)null), ("agent-7", "Agent", "billing"), ("sup-1", "Supervisor", null) })
        {
            var body = await GetAsync(client, $"/tenants/{tenant}/calls", user, roles, purpose);
            var call = JsonDocument.Parse(body).RootElement[0];
            Assert.Equal("+91 98••• ••210", call.GetProperty("callerNumber").GetString());
            Assert.Equal("Call me back on +91 98••• ••210 or +44 20 •••• •958.", call.GetProperty("transcript").GetString());
            // Ids are random GUIDs and may hold any four hex digits by chance: the value check reads the rest of the body.
            var withoutIds = Regex.Replace(body, "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<id>", RegexOptions.None, TimeSpan.FromSeconds(1));
            Assert.DoesNotContain("43210", withoutIds, StringComparison.Ordinal);
            Assert.DoesNotContain("7946", withoutIds, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(audit.Events, e => e.Action == DataGuard.AuditActions.Unmask && e.Outcome == DataGuard.AuditOutcome.Success);
        var raw = JsonDocument.Parse(await GetAsync(client, $"/tenants/{tenant}/calls", "sup-1", "Supervisor", "billing-dispute")).RootElement[0];

        Assert.Equal("+919876543210", raw.GetProperty("callerNumber").GetString());
        Assert.Equal("Call me back on 98765-43210 or +44 20 7946 0958.", raw.GetProperty("transcript").GetString());
        await app.StopAsync();
        var unmasked = Assert.Single(audit.Events, e => e.Action == DataGuard.AuditActions.Unmask && e.Outcome == DataGuard.AuditOutcome.Success);
        Assert.Equal(DataGuard.AuditActions.Unmask, unmasked.Action);
        Assert.Equal("sup-1", unmasked.ActorId);
        Assert.Equal("billing-dispute", unmasked.Purpose);
        Assert.DoesNotContain("98765", unmasked.Resource ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_RunTwice_StartsFromAFreshDatabaseEachTime()
    {
        for (var run = 0; run < 2; run++)
        {
            var app = CallCenterApp.Build(["--contentRoot", _contentRoot], demo: true);
            await CallCenterApp.CreateDatabaseAsync(app);
            using var output = new StringWriter();
            Assert.Equal(0, await new DemoRunner(app, output).RunAsync());
            await app.DisposeAsync();
            Assert.Contains("Seeded 2 tenants, 3 contacts, 30 call logs", output.ToString(), StringComparison.Ordinal);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}

/// <summary>Records audit events of the sample under test.</summary>
internal sealed class CapturingAuditSink : DataGuard.IAuditSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<DataGuard.AuditEvent> _events = new();

    public System.Collections.Generic.IReadOnlyCollection<DataGuard.AuditEvent> Events => _events;

    public System.Threading.Tasks.ValueTask WriteAsync(DataGuard.AuditEvent auditEvent, System.Threading.CancellationToken cancellationToken = default)
    {
        _events.Enqueue(auditEvent);
        return System.Threading.Tasks.ValueTask.CompletedTask;
    }
}

/// <summary>The sample on PostgreSQL, selected by configuration only.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CallCenterSamplePostgresTests(PostgresFixture database)
{
    [SkippableFact]
    public async Task Api_OnPostgres_StoresCiphertextAndFindsCallsByAnySpellingOfTheNumber()
    {
        var connectionString = await database.CreateDatabaseAsync();
        var contentRoot = Path.Combine(Path.GetTempPath(), "dataguard-sample-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(contentRoot);
        try
        {
            await using var app = CallCenterApp.Build(["--contentRoot", contentRoot, "--urls", "http://127.0.0.1:0", "--Database:Provider", "Postgres", "--ConnectionStrings:CallCenter", connectionString]);
            await CallCenterApp.CreateDatabaseAsync(app);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var tenant = Guid.NewGuid();

            var created = await client.PostAsJsonAsync(
                new Uri($"/tenants/{tenant}/calls", UriKind.Relative),
                new CallCenterEndpoints.NewCall("+254 712 345678", "+91 22 6123 4567", "hello", DateTimeOffset.UnixEpoch, 42));
            created.EnsureSuccessStatusCode();

            var found = await client.GetFromJsonAsync<JsonElement>(new Uri($"/tenants/{tenant}/calls?caller=%2B254712345678", UriKind.Relative));
            Assert.Equal(1, found.GetArrayLength());
            Assert.Equal("+254 7•• •••678", found[0].GetProperty("callerNumber").GetString());

            var none = await client.GetFromJsonAsync<JsonElement>(new Uri($"/tenants/{tenant}/calls?caller=%2B254700000000", UriKind.Relative));
            Assert.Equal(0, none.GetArrayLength());

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallCenter.Data.CallCenterDb>();
            var raw = await db.Database.SqlQueryRaw<string>("SELECT \"CallerNumber\" AS \"Value\" FROM \"CallLogs\"").ToListAsync();
            Assert.StartsWith("dgEB", Assert.Single(raw), StringComparison.Ordinal);
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }
}
