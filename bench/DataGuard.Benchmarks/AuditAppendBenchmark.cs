// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DataGuard.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataGuard.Benchmarks;

/// <summary>
/// Appends 100,000 audit events through the buffered writer into a SQLite file and waits until the last one is durable
/// (records/s = 100,000 / mean). Each invocation appends to the same, growing chain.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class AuditAppendBenchmark
{
    private const int Count = 100_000;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dataguard-bench-append-" + Guid.NewGuid().ToString("N")[..12]);
    private IHost _host = null!;
    private IAuditSink _sink = null!;
    private IAuditTrail _trail = null!;
    private AuditEvent[] _events = [];

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_directory);
        var connectionString = $"Data Source={Path.Combine(_directory, "audit.db")}";
        _host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .ConfigureServices(services =>
            {
                services.AddDataProtection().SetApplicationName("DataGuard.Benchmarks").UseEphemeralDataProtectionProvider();
                services.AddDbContext<BenchDb>((sp, o) => o.UseSqlite(connectionString).UseDataGuard(sp));
                services.AddDataGuard(dg => dg.UseEntityFrameworkCore<BenchDb>().PersistKeysTo(new InMemoryKeyStore()).AddAudit());
            })
            .Build();
        using (var scope = _host.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<BenchDb>().Database.EnsureCreated();
        }

        _host.StartAsync().GetAwaiter().GetResult();
        _sink = _host.Services.GetRequiredService<IAuditSink>();
        _trail = _host.Services.GetRequiredService<IAuditTrail>();
        var hasher = _host.Services.GetRequiredService<IAuditSubjectHasher>();
        _events = new AuditEvent[Count];
        for (var i = 0; i < Count; i++)
        {
            _events[i] = new AuditEvent
            {
                Action = AuditActions.Read,
                ActorId = "agent-" + (i % 50),
                ActorRoles = ["Agent"],
                TenantId = "tenant-" + (i % 4),
                Resource = "CallLog",
                Subjects = [hasher.Hash(BenchDatabase.Number(i % 1_000))],
                Purpose = "benchmark",
                Count = 1,
            };
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "Append 100,000 events (buffered, 4 tenant streams) until durable")]
    public async Task Append()
    {
        foreach (var auditEvent in _events)
        {
            await _sink.WriteAsync(auditEvent).ConfigureAwait(false);
        }

        await _trail.FlushAsync().ConfigureAwait(false);
    }
}
