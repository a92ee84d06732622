// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGuard.Tests.Auditing;

public sealed class KeyRotationAuditTests
{
    // Guarantee: key-ring changes are audited acts (who rotated which key, when), recorded in the system stream.
    [Fact]
    public async Task RotatingKeys_WritesOneKeyRotationRecordPerKey_WithTheKeyIdAndPurpose()
    {
        var store = new InMemoryAuditStore();
        using var host = AuditPipelineTestHost.Build(store, o => o.WriteMode = AuditWriteMode.Synchronous);
        await host.StartAsync();
        var keys = host.Services.GetRequiredService<IKeyRingManager>();

        var data = await keys.RotateDataKeyAsync();
        var index = await keys.RotateIndexKeyAsync();

        var records = new List<AuditRecord>();
        await foreach (var record in host.Services.GetRequiredService<IAuditTrail>().ReadAsync(IAuditTrail.SystemStream))
        {
            records.Add(record);
        }

        var rotations = records.Where(r => r.Event.Action == AuditActions.KeyRotation).ToList();
        Assert.Equal(2, rotations.Count);
        Assert.Equal(("DataGuardKeys/DataEncryption", data.ToString()), (rotations[0].Event.Resource, rotations[0].Event.ResourceId));
        Assert.Equal(("DataGuardKeys/BlindIndex", index.ToString()), (rotations[1].Event.Resource, rotations[1].Event.ResourceId));
        Assert.All(rotations, r => Assert.Equal(["activated"], r.Event.Properties));
        Assert.All(rotations, r => Assert.Equal(AuditOutcome.Success, r.Event.Outcome));
        Assert.True((await host.Services.GetRequiredService<IAuditTrail>().VerifyAsync(IAuditTrail.SystemStream)).IsValid);
        await host.StopAsync();
    }

    // Guarantee: once the new key is stored its record is written, whatever the caller's cancellation token says.
    [Fact]
    public async Task RotatingKeys_WritesTheRecordWithoutTheCallersCancellation()
    {
        var sink = new TokenRecordingSink();
        await using var harness = await DataGuard.Tests.Encryption.EncryptionHarness.CreateAsync(services: s => s.AddSingleton<IAuditSink>(sink));
        using var cancellation = new CancellationTokenSource();

        await harness.Manager.RotateDataKeyAsync(cancellation.Token);

        var (auditEvent, token) = Assert.Single(sink.Writes);
        Assert.Equal(AuditActions.KeyRotation, auditEvent.Action);
        Assert.False(token.CanBeCanceled);
    }

    private sealed class TokenRecordingSink : IAuditSink
    {
        public List<(AuditEvent Event, CancellationToken Token)> Writes { get; } = [];

        public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
        {
            Writes.Add((auditEvent, cancellationToken));
            return ValueTask.CompletedTask;
        }
    }
}
