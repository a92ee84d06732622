// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Tests.Encryption;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>Two sealed 1,000-record chains of one stream (keyed and unkeyed), built once for the tamper tests.</summary>
public sealed class AuditChainTamperFixture : IAsyncLifetime
{
    public const int Length = 1000;

    private EncryptionHarness? _harness;
    private readonly Dictionary<AuditChainMode, IReadOnlyList<AuditRecord>> _records = [];

    internal EncryptionHarness Harness => _harness ?? throw new InvalidOperationException("Not initialised.");

    internal AuditChain Chain(AuditChainMode mode) => mode == AuditChainMode.Keyed ? AuditTestData.Keyed(Harness) : AuditTestData.Unkeyed();

    internal IReadOnlyList<AuditRecord> Records(AuditChainMode mode) => _records[mode];

    /// <summary>The checkpoint exported when the chain had all its records.</summary>
    internal AuditCheckpoint Checkpoint(AuditChainMode mode) => new(AuditTestData.Stream, Length, _records[mode][^1].Hash, AuditTestData.Start);

    /// <summary>A store holding <paramref name="records"/> and a trail over it that verifies in <paramref name="mode"/>.</summary>
    internal AuditTrail TrailOver(AuditChainMode mode, IEnumerable<AuditRecord> records)
    {
        var store = new InMemoryAuditStore();
        store.Load(AuditTestData.Stream, records);
        return AuditTestData.Trail(store, Chain(mode));
    }

    public async Task InitializeAsync()
    {
        _harness = await EncryptionHarness.CreateAsync();
        foreach (var mode in new[] { AuditChainMode.Keyed, AuditChainMode.Unkeyed })
        {
            var store = new InMemoryAuditStore();
            await AuditTestData.AppendAsync(store, Chain(mode), Length);
            _records[mode] = store.Records(AuditTestData.Stream);
        }
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }
}
