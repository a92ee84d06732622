// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DataGuard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGuard.Benchmarks;

/// <summary>
/// Requests per second of a trivial endpoint on an in-process server, without and with the audit middleware writing through the
/// buffered EF Core sink to SQLite. The audited run ends only when its last record is durable (<see cref="IAuditTrail.FlushAsync"/>),
/// so no work hides in an undrained buffer. Throughput = 1 / mean per request.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class AuditBenchmark
{
    private const int Requests = 2_000;
    private const int Concurrency = 16;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dataguard-bench-audit-" + Guid.NewGuid().ToString("N")[..12]);
    private WebApplication _plain = null!;
    private WebApplication _audited = null!;
    private HttpClient _plainClient = null!;
    private HttpClient _auditedClient = null!;
    private IAuditTrail _trail = null!;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_directory);
        _plain = CreateApp(audited: false);
        _audited = CreateApp(audited: true);
        _plain.StartAsync().GetAwaiter().GetResult();
        _audited.StartAsync().GetAwaiter().GetResult();
        _plainClient = _plain.GetTestClient();
        _auditedClient = _audited.GetTestClient();
        _trail = _audited.Services.GetRequiredService<IAuditTrail>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainClient.Dispose();
        _auditedClient.Dispose();
        _plain.StopAsync().GetAwaiter().GetResult();
        _audited.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_plain).Dispose();
        ((IDisposable)_audited).Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests, Description = "GET /ping without audit (per request)")]
    public Task Plain() => SendAllAsync(_plainClient);

    [Benchmark(OperationsPerInvoke = Requests, Description = "GET /ping with UseDataGuardAudit + EF sink, flushed (per request)")]
    public async Task Audited()
    {
        await SendAllAsync(_auditedClient).ConfigureAwait(false);
        await _trail.FlushAsync().ConfigureAwait(false);
    }

    private static async Task SendAllAsync(HttpClient client)
    {
        var next = -1;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (System.Threading.Interlocked.Increment(ref next) < Requests)
            {
                using var response = await client.GetAsync(new Uri("/ping", UriKind.Relative)).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private WebApplication CreateApp(bool audited)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (audited)
        {
            var connectionString = $"Data Source={Path.Combine(_directory, "audit.db")}";
            builder.Services.AddDataProtection().SetApplicationName("DataGuard.Benchmarks").UseEphemeralDataProtectionProvider();
            builder.Services.AddDbContext<BenchDb>((sp, o) => o.UseSqlite(connectionString).UseDataGuard(sp));
            builder.Services.AddDataGuard(dg => dg
                .UseEntityFrameworkCore<BenchDb>()
                .PersistKeysTo(new InMemoryKeyStore())
                .AddAudit()
                .AddAspNetCoreAudit());
        }

        var app = builder.Build();
        if (audited)
        {
            using var scope = app.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<BenchDb>().Database.EnsureCreated();
            app.UseDataGuardAudit();
            app.MapGet("/ping", () => "pong").AuditPersonalData("benchmark");
        }
        else
        {
            app.MapGet("/ping", () => "pong");
        }

        return app;
    }
}
