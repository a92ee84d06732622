// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Tests.Encryption;

namespace DataGuard.Tests.Auditing;

/// <summary>Events, chains and helpers shared by the audit trail tests.</summary>
internal static class AuditTestData
{
    public const string Stream = "tenant:acme";

    /// <summary>A fixed start (with sub-microsecond ticks on purpose).</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 12, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_567);

    private static readonly string[] Actions = [AuditActions.Read, AuditActions.Update, AuditActions.Export, AuditActions.Unmask, AuditActions.Delete];

    /// <summary>A varied event (every field set for most <paramref name="i"/>).</summary>
    public static AuditEvent Event(int i) => new()
    {
        Action = Actions[i % Actions.Length],
        Outcome = (AuditOutcome)(i % 3),
        Timestamp = Start.AddTicks(i * 10_000_003L),
        ActorId = "agent-" + (i % 7).ToString(CultureInfo.InvariantCulture),
        ActorRoles = i % 4 == 0 ? [] : ["support", "agent"],
        ClientId = i % 5 == 0 ? null : "crm-web",
        TenantId = "acme",
        Resource = "CallLog",
        ResourceId = (1000 + i).ToString(CultureInfo.InvariantCulture),
        Subjects = ["s1:subject-" + (i % 13).ToString(CultureInfo.InvariantCulture), "s1:subject-" + (i % 17).ToString(CultureInfo.InvariantCulture)],
        Purpose = i % 2 == 0 ? "support" : null,
        Reason = i % 3 == 2 ? "timeout" : null,
        TraceId = i.ToString("x32", CultureInfo.InvariantCulture),
        RemoteAddress = "203.0.113.0",
        Count = i % 11,
        Properties = i % 2 == 1 ? ["Transcript", "CallerNumber"] : [],
    };

    public static IReadOnlyList<AuditEvent> Events(int count, int offset = 0) => Enumerable.Range(offset, count).Select(Event).ToList();

    public static AuditChain Unkeyed() => new(AuditChainMode.Unkeyed, () => null);

    public static AuditChain Keyed(EncryptionHarness harness) => new(AuditChainMode.Keyed, () => harness.Ring);

    /// <summary>Seals <paramref name="count"/> events in batches of 100, as the writer would, into <paramref name="store"/>.</summary>
    public static async Task AppendAsync(InMemoryAuditStore store, AuditChain chain, int count, int offset = 0, string stream = Stream)
    {
        for (var start = 0; start < count; start += 100)
        {
            var batch = Events(Math.Min(100, count - start), offset + start);
            await store.AppendAsync(stream, head => chain.Seal(stream, head, batch), null, CancellationToken.None);
        }
    }

    public static AuditTrail Trail(
        InMemoryAuditStore store,
        AuditChain chain,
        IAuditSubjectHasher? hasher = null,
        Func<CancellationToken, Task>? flush = null,
        TimeProvider? time = null,
        params IAuditCheckpointSink[] sinks)
        => new(store, chain, hasher ?? new UnusedHasher(), flush ?? (_ => Task.CompletedTask), time ?? TimeProvider.System, sinks);

    public static async IAsyncEnumerable<T> AsAsync<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask;
    }

    /// <summary>A hasher for tests that never hash.</summary>
    private sealed class UnusedHasher : IAuditSubjectHasher
    {
        public string Hash(string identifier) => throw new NotSupportedException();

        public IReadOnlyList<string> HashCandidates(string identifier) => throw new NotSupportedException();

        public bool IsHash(string value) => throw new NotSupportedException();
    }
}
