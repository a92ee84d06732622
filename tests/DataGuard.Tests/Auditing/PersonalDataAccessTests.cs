// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>
/// A permission demand audits a denial (with who, when, trace and reason) and throws; a grant returns the principal. The default sink
/// writes one structured log entry per event.
/// </summary>
public sealed class PersonalDataAccessTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Demand_WithoutPermission_AuditsDenialAndThrows()
    {
        var sink = new CapturingSink();
        using var services = Build(sink);
        var access = services.GetRequiredService<PersonalDataAccess>();
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

        var ex = await RunAs(Principal("agent-7", "Agent"), () => Assert.ThrowsAsync<DataGuardAccessDeniedException>(
            async () => await access.DemandAsync(DataGuardPermissions.Detokenize, new AuditEvent { Action = AuditActions.Detokenize, Purpose = "support", Count = 3 })));

        Assert.Equal(DataGuardPermissions.Detokenize, ex.Permission);
        var audited = Assert.Single(sink.Events);
        Assert.Equal(AuditOutcome.Denied, audited.Outcome);
        Assert.Equal("agent-7", audited.ActorId);
        Assert.Equal(["Agent"], audited.ActorRoles);
        Assert.Equal("support", audited.Purpose);
        Assert.Equal(3, audited.Count);
        Assert.Equal(Now, audited.Timestamp);
        Assert.Equal(activity.TraceId.ToHexString(), audited.TraceId);
        Assert.Contains(DataGuardPermissions.Detokenize, audited.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demand_WithPermission_ReturnsPrincipalWithoutAuditing()
    {
        var sink = new CapturingSink();
        using var services = Build(sink, p => p.Grant(DataGuardPermissions.Detokenize, "Supervisor"));
        var access = services.GetRequiredService<PersonalDataAccess>();
        var principal = Principal("sup-1", "Supervisor");

        var granted = await RunAs(principal, async () => await access.DemandAsync(DataGuardPermissions.Detokenize, new AuditEvent { Action = AuditActions.Detokenize }));
        await access.AuditAsync(new AuditEvent { Action = AuditActions.Detokenize, Count = 1 }, granted);

        Assert.Same(principal, granted);
        var audited = Assert.Single(sink.Events);
        Assert.Equal(AuditOutcome.Success, audited.Outcome);
        Assert.Equal("sup-1", audited.ActorId);
    }

    [Fact]
    public async Task Audit_PurposeHoldingAPhoneNumber_IsMasked()
    {
        var sink = new CapturingSink();
        using var services = Build(sink, configure: dg => dg.AddPhoneNumbers(p => p.DefaultRegion = "IN"));
        var access = services.GetRequiredService<PersonalDataAccess>();

        await RunAs(Principal("agent-7", "Agent"), () => Assert.ThrowsAsync<DataGuardAccessDeniedException>(
            async () => await access.DemandAsync(DataGuardPermissions.Detokenize, new AuditEvent { Action = AuditActions.Detokenize, Purpose = "call back +91 98765 43210" })));
        await access.AuditAsync(new AuditEvent { Action = AuditActions.Detokenize, Purpose = "call back 98765-43210" }, principal: null);

        Assert.Equal(["call back +91 98\u2022\u2022\u2022 \u2022\u2022210", "call back +91 98\u2022\u2022\u2022 \u2022\u2022210"], sink.Events.Select(e => e.Purpose));
    }

    [Fact]
    public async Task LoggingSink_WritesOneStructuredEntry()
    {
        var collector = new FakeLogCollector();
        var services = new ServiceCollection()
            .AddLogging(l => l.AddProvider(new FakeLoggerProvider(collector)))
            .AddDataGuard()
            .BuildServiceProvider();
        await using (services)
        {
            await services.GetRequiredService<IAuditSink>().WriteAsync(new AuditEvent { Action = AuditActions.Unmask, ActorId = "sup-1", Purpose = "dispute", Count = 2 });
        }

        var record = Assert.Single(collector.GetSnapshot());
        Assert.Equal("DataGuard.Audit", record.Category);
        Assert.Equal(1500, record.Id.Id);
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Contains(record.StructuredState!, kv => kv.Key == "Action" && kv.Value == AuditActions.Unmask);
        Assert.Contains(record.StructuredState!, kv => kv.Key == "Purpose" && kv.Value == "dispute");
    }

    private static ServiceProvider Build(CapturingSink sink, Action<PermissionOptions>? permissions = null, Action<IDataGuardBuilder>? configure = null)
    {
        var services = new ServiceCollection().AddDataGuard(dg =>
        {
            if (permissions is not null)
            {
                dg.ConfigurePermissions(permissions);
            }

            configure?.Invoke(dg);
        });
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<IAuditSink>(sink);
        return services.BuildServiceProvider();
    }

    private static Task<T> RunAs<T>(ClaimsPrincipal principal, Func<Task<T>> action)
        => Task.Run(() =>
        {
            Thread.CurrentPrincipal = principal;
            return action();
        });

    private static ClaimsPrincipal Principal(string id, string role)
        => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, role)], authenticationType: "test"));

    private sealed class CapturingSink : IAuditSink
    {
        public ConcurrentQueue<AuditEvent> Events { get; } = new();

        public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
        {
            Events.Enqueue(auditEvent);
            return ValueTask.CompletedTask;
        }
    }
}
