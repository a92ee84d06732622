// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Tests.Encryption;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>The <see cref="IAuditTrail"/> over an audit store: reading, verifying, checkpoints and access history.</summary>
public sealed class AuditTrailTests
{
    private const string Stream = AuditTestData.Stream;

    [Fact]
    public async Task FlushAsync_CallsTheWritersFlush()
    {
        var flushes = 0;
        var trail = AuditTestData.Trail(new InMemoryAuditStore(), AuditTestData.Unkeyed(), flush: _ =>
        {
            flushes++;
            return Task.CompletedTask;
        });

        await trail.FlushAsync();

        Assert.Equal(1, flushes);
    }

    [Fact]
    public async Task GetStreamsAsync_StreamsWithRecords_Ordered()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 2, stream: "tenant:b");
        await AuditTestData.AppendAsync(store, chain, 2, stream: IAuditTrail.SystemStream);
        await AuditTestData.AppendAsync(store, chain, 2, stream: "tenant:a");

        var streams = await AuditTestData.Trail(store, chain).GetStreamsAsync();

        Assert.Equal(["system", "tenant:a", "tenant:b"], streams);
    }

    [Fact]
    public async Task ReadAsync_Range_RecordsInSequenceOrder()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 10);
        var trail = AuditTestData.Trail(store, chain);

        var all = await ToListAsync(trail.ReadAsync(Stream));
        var some = await ToListAsync(trail.ReadAsync(Stream, 3, 5));

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), all.Select(r => r.Sequence));
        Assert.Equal([3L, 4L, 5L], some.Select(r => r.Sequence));
    }

    [Fact]
    public void ReadAsync_BadRange_ThrowsBeforeReading()
    {
        var trail = AuditTestData.Trail(new InMemoryAuditStore(), AuditTestData.Unkeyed());

        Assert.Throws<ArgumentOutOfRangeException>(() => trail.ReadAsync(Stream, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => trail.ReadAsync(Stream, 5, 4));
        Assert.Throws<ArgumentException>(() => trail.ReadAsync(string.Empty));
        Assert.Throws<ArgumentNullException>(() => trail.ReadAsync(null!));
    }

    [Fact]
    public async Task VerifyAsync_BadRange_Throws()
    {
        var trail = AuditTestData.Trail(new InMemoryAuditStore(), AuditTestData.Unkeyed());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => trail.VerifyAsync(Stream, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => trail.VerifyAsync(Stream, 5, 4));
        await Assert.ThrowsAsync<ArgumentException>(() => trail.VerifyAsync(string.Empty));
    }

    [Fact]
    public async Task VerifyAsync_SubRange_ChecksOnlyThatRange()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 10);
        store.Replace(Stream, 2, r => r with { Event = r.Event with { Action = "edited" } });
        var trail = AuditTestData.Trail(store, chain);

        var later = await trail.VerifyAsync(Stream, 4, 8);
        var whole = await trail.VerifyAsync(Stream);

        Assert.True(later.IsValid, later.Message);
        Assert.Equal(5, later.RecordsChecked);
        Assert.Equal(AuditChainFailure.HashMismatch, whole.Failure);
        Assert.Equal(2, whole.FirstBrokenSequence);
        Assert.Equal(Stream, whole.Stream);
    }

    [Fact]
    public async Task VerifyAsync_Failure_LoggedWithoutPersonalData()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 3);
        store.Replace(Stream, 3, r => r with { Event = r.Event with { Purpose = "+91 98765 43210" } });
        var logger = new FakeLogger<AuditTrail>();
        var trail = new AuditTrail(store, chain, new AuditSubjectHasherStub(), _ => Task.CompletedTask, TimeProvider.System, [], logger);

        await trail.VerifyAsync(Stream);

        var entry = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(1602, entry.Id.Id);
        Assert.Contains("sequence 3", entry.Message, StringComparison.Ordinal);
        Assert.Contains("HashMismatch", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("98765", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCheckpointAsync_FlushesThenExportsHeadToEverySink()
    {
        var time = new FakeTimeProvider(AuditTestData.Start);
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 5);
        var first = new RecordingCheckpointSink();
        var second = new RecordingCheckpointSink();

        // The flush stores one more (buffered) record: the checkpoint must include it.
        var trail = AuditTestData.Trail(store, chain, flush: ct => AuditTestData.AppendAsync(store, chain, 1, 5), time: time, sinks: [first, second]);

        var checkpoint = await trail.CreateCheckpointAsync(Stream);

        var head = store.Records(Stream)[^1];
        Assert.Equal(new AuditCheckpoint(Stream, 6, head.Hash, AuditTestData.Start), checkpoint);
        Assert.Equal([checkpoint], first.Checkpoints);
        Assert.Equal([checkpoint], second.Checkpoints);
        Assert.True((await trail.VerifyAsync(checkpoint)).IsValid);
    }

    [Fact]
    public async Task CreateCheckpointAsync_EmptyStream_SequenceZeroNoHash_VerifiesValid()
    {
        var trail = AuditTestData.Trail(new InMemoryAuditStore(), AuditTestData.Unkeyed());

        var checkpoint = await trail.CreateCheckpointAsync("tenant:none");

        Assert.Equal(0, checkpoint.Sequence);
        Assert.Null(checkpoint.HeadHash);
        Assert.True((await trail.VerifyAsync(checkpoint)).IsValid);
    }

    [Fact]
    public async Task VerifyAsync_CheckpointHashDiffers_CheckpointMismatchAtItsSequence()
    {
        // Guarantee: a chain rewritten since a checkpoint was exported no longer holds the checkpoint's hash.
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 10);
        var trail = AuditTestData.Trail(store, chain);

        var result = await trail.VerifyAsync(new AuditCheckpoint(Stream, 7, new string('f', 64), AuditTestData.Start));

        Assert.Equal(AuditChainFailure.CheckpointMismatch, result.Failure);
        Assert.Equal(7, result.FirstBrokenSequence);
        Assert.Equal(6, result.RecordsChecked);
    }

    [Fact]
    public async Task VerifyAsync_CheckpointBeyondHead_Truncated()
    {
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        await AuditTestData.AppendAsync(store, chain, 10);
        var checkpoint = await AuditTestData.Trail(store, chain).CreateCheckpointAsync(Stream);
        store.Truncate(Stream, 4);

        var result = await AuditTestData.Trail(store, chain).VerifyAsync(checkpoint);

        Assert.Equal(AuditChainFailure.Truncated, result.Failure);
        Assert.Equal(5, result.FirstBrokenSequence);
        Assert.Equal(4, result.RecordsChecked);
        Assert.Contains("truncated", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_BadCheckpoint_Throws()
    {
        var trail = AuditTestData.Trail(new InMemoryAuditStore(), AuditTestData.Unkeyed());

        await Assert.ThrowsAsync<ArgumentNullException>(() => trail.VerifyAsync((AuditCheckpoint)null!));
        await Assert.ThrowsAsync<ArgumentException>(() => trail.VerifyAsync(new AuditCheckpoint(string.Empty, 1, new string('a', 64), AuditTestData.Start)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => trail.VerifyAsync(new AuditCheckpoint(Stream, -1, null, AuditTestData.Start)));
        await Assert.ThrowsAsync<ArgumentException>(() => trail.VerifyAsync(new AuditCheckpoint(Stream, 0, new string('a', 64), AuditTestData.Start)));
        await Assert.ThrowsAsync<ArgumentException>(() => trail.VerifyAsync(new AuditCheckpoint(Stream, 3, null, AuditTestData.Start)));
    }

    [Fact]
    public async Task GetAccessHistoryAsync_FindsSubjectAcrossStreamsAndIndexKeyRotation_InTimeOrder()
    {
        // Guarantee: "who accessed my data" finds every record of the subject, in any stream, hashed before or after a key rotation.
        await using var harness = await EncryptionHarness.CreateAsync();
        var hasher = new AuditSubjectHasher(harness.Encryptor);
        var store = new InMemoryAuditStore();
        var chain = AuditTestData.Unkeyed();
        var t0 = AuditTime.Normalize(AuditTestData.Start);
        var subject = "alice@example.com";
        await Append(store, chain, "tenant:a", new AuditEvent { Action = AuditActions.Read, Timestamp = t0.AddMinutes(2), ActorId = "bob", Purpose = "support", Subjects = [hasher.Hash(subject)] });
        await Append(store, chain, "tenant:a", new AuditEvent { Action = AuditActions.Read, Timestamp = t0.AddMinutes(3), Subjects = [hasher.Hash("carol@example.com")] });
        await harness.Manager.RotateIndexKeyAsync();
        await Append(store, chain, "system", new AuditEvent { Action = AuditActions.Export, Timestamp = t0.AddMinutes(1), Subjects = [hasher.Hash(subject), hasher.Hash("dave@example.com")] });
        await Append(store, chain, "system", new AuditEvent { Action = AuditActions.Erase, Timestamp = t0.AddMinutes(10), Subjects = [hasher.Hash(subject)] });
        var flushed = false;
        var trail = AuditTestData.Trail(store, chain, hasher, flush: _ =>
        {
            flushed = true;
            return Task.CompletedTask;
        });

        var history = await trail.GetAccessHistoryAsync(" " + subject, t0, t0.AddMinutes(10));

        Assert.True(flushed);
        Assert.Equal([AuditActions.Export, AuditActions.Read], history.Select(r => r.Event.Action));
        Assert.Equal("bob", history[1].Event.ActorId);
        Assert.Equal("support", history[1].Event.Purpose);
    }

    [Fact]
    public async Task GetAccessHistoryAsync_BadArguments_ThrowWithoutEchoingTheSubject()
    {
        var trail = AuditTestData.Trail(new InMemoryAuditStore(), AuditTestData.Unkeyed());
        var t0 = AuditTestData.Start;

        await Assert.ThrowsAsync<ArgumentNullException>(() => trail.GetAccessHistoryAsync(null!, t0, t0.AddDays(1)));
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => trail.GetAccessHistoryAsync("  ", t0, t0.AddDays(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => trail.GetAccessHistoryAsync("+91 98765 43210", t0, t0));
        var reversed = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => trail.GetAccessHistoryAsync("+91 98765 43210", t0, t0.AddDays(-1)));
        Assert.Equal("subject", empty.ParamName);
        Assert.DoesNotContain("98765", reversed.Message, StringComparison.Ordinal);
    }

    private static Task Append(InMemoryAuditStore store, AuditChain chain, string stream, AuditEvent auditEvent)
        => store.AppendAsync(stream, head => chain.Seal(stream, head, [auditEvent]), null, CancellationToken.None);

    private static async Task<List<AuditRecord>> ToListAsync(IAsyncEnumerable<AuditRecord> records)
    {
        var list = new List<AuditRecord>();
        await foreach (var record in records)
        {
            list.Add(record);
        }

        return list;
    }

    private sealed class AuditSubjectHasherStub : IAuditSubjectHasher
    {
        public string Hash(string identifier) => throw new NotSupportedException();

        public IReadOnlyList<string> HashCandidates(string identifier) => throw new NotSupportedException();

        public bool IsHash(string value) => false;
    }
}
