// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using DataGuard.EFCore.Tests.Model;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Xunit;

namespace DataGuard.EFCore.Tests.Query;

/// <summary>Two hosts on SQLite files, seeded once: the shared test model and a model with a one-to-many relationship.</summary>
public sealed class QueryGuardFixture : IAsyncLifetime
{
    public static readonly Guid SeedTenant = new("8d3c1f0e-0000-4000-8000-000000000001");

    private TestHost<TestDbContext>? _host;
    private TestHost<SubscriberDbContext>? _subscriberHost;

    public SqliteFixture Database { get; } = new();

    public TestHost<TestDbContext> Host => _host!;

    public TestHost<SubscriberDbContext> SubscriberHost => _subscriberHost!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _host = await TestHost.StartAsync(Database);
        _subscriberHost = await TestHost<SubscriberDbContext>.StartAsync(Database);

        await using (var db = Host.CreateContext())
        {
            db.CallLogs.AddRange(
                new CallLog { TenantId = SeedTenant, CallerNumber = "+919876543210", Transcript = "hello", Note = "a", StartedAt = DateTimeOffset.UnixEpoch },
                new CallLog { TenantId = SeedTenant, CallerNumber = "+14155550100", Transcript = null, Note = "b", StartedAt = DateTimeOffset.UnixEpoch },
                new CallLog { TenantId = SeedTenant, CallerNumber = "+442071838750", Transcript = "bye", Note = "c", StartedAt = DateTimeOffset.UnixEpoch });
            db.Contacts.AddRange(
                new Contact { Name = "Alice", Email = "alice@example.com", Home = new Address { Phone = "+15550001", City = "Paris" } },
                new Contact { Name = "Bob", Email = null });
            await db.SaveChangesAsync();
        }

        await using (var db = SubscriberHost.CreateContext())
        {
            db.Subscribers.AddRange(
                new Subscriber
                {
                    Name = "one",
                    Calls = [new SubscriberCall { Number = "+1 555 0100", Memo = "first" }, new SubscriberCall { Number = "+1 555 0101", Memo = null }],
                },
                new Subscriber { Name = "two" });
            await db.SaveChangesAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_subscriberHost is not null)
        {
            await _subscriberHost.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
