// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;

namespace DataGuard.Tests.Auditing;

/// <summary>
/// A thread-safe in-memory <see cref="IAuditStore"/> for tests, honouring the append contract: appends to one stream are serialised,
/// <c>seal</c> is called with the current head and its records must continue the chain (consecutive sequences from the head, first
/// previous hash equal to the head's hash), or the append throws and stores nothing.
/// </summary>
/// <remarks>
/// Records of a stream are kept in a list in stored order (the order appends wrote them, that is sequence order); reads return them in
/// that order, filtered by sequence range, like <c>ORDER BY sequence</c> on an untampered table. The head of a stream is its last record.
/// The tampering helpers edit the list directly, as someone with write access to the table would; tests use them to prove the
/// verifier notices.
/// </remarks>
internal sealed class InMemoryAuditStore : IAuditStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<AuditRecord>> _streams = new(StringComparer.Ordinal);

    /// <summary>Gets or sets a hook awaited at the start of every append (inject delays or failures); receives the stream.</summary>
    public Func<string, CancellationToken, Task>? BeforeAppend { get; set; }

    /// <summary>Gets how many appends completed.</summary>
    public int AppendCount { get; private set; }

    /// <summary>Gets the transaction object passed to the last completed append.</summary>
    public object? LastTransaction { get; private set; }

    /// <summary>Gets the total number of records in every stream.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _streams.Values.Sum(s => s.Count);
            }
        }
    }

    /// <inheritdoc />
    public async Task AppendAsync(string stream, Func<AuditChainHead, IReadOnlyList<AuditRecord>> seal, object? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(seal);
        cancellationToken.ThrowIfCancellationRequested();
        if (BeforeAppend is { } hook)
        {
            await hook(stream, cancellationToken);
        }

        lock (_gate)
        {
            var records = _streams.TryGetValue(stream, out var existing) ? existing : [];
            var head = HeadOf(records);
            var sealedRecords = seal(head);
            var expectedSequence = head.Sequence + 1;
            var expectedPrevious = head.Hash;
            foreach (var record in sealedRecords)
            {
                if (!string.Equals(record.Stream, stream, StringComparison.Ordinal)
                    || record.Sequence != expectedSequence
                    || !string.Equals(record.PreviousHash, expectedPrevious, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The sealed records do not continue stream '{stream}' at sequence {expectedSequence}.");
                }

                expectedSequence++;
                expectedPrevious = record.Hash;
            }

            records.AddRange(sealedRecords);
            _streams[stream] = records;
            AppendCount++;
            LastTransaction = transaction;
        }
    }

    /// <inheritdoc />
    public Task<AuditChainHead> GetHeadAsync(string stream, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_streams.TryGetValue(stream, out var records) ? HeadOf(records) : AuditChainHead.Empty);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetStreamsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_streams.Where(s => s.Value.Count > 0).Select(s => s.Key).Order(StringComparer.Ordinal).ToList());
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> ReadAsync(string stream, long fromSequence, long? toSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var record in Records(stream))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.Sequence >= fromSequence && (toSequence is null || record.Sequence <= toSequence))
            {
                yield return record;
            }
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> FindBySubjectsAsync(IReadOnlyCollection<string> subjectHashes, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var wanted = subjectHashes.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<AuditRecord>>(_streams.Values
                .SelectMany(s => s)
                .Where(r => r.Event.Timestamp >= from && r.Event.Timestamp < to && r.Event.Subjects.Any(wanted.Contains))
                .OrderBy(r => r.Event.Timestamp)
                .ThenBy(r => r.Stream, StringComparer.Ordinal)
                .ThenBy(r => r.Sequence)
                .ToList());
        }
    }

    // ---------------------------------------------------------------- inspection and tampering

    /// <summary>A copy of the records of a stream, in stored order.</summary>
    public IReadOnlyList<AuditRecord> Records(string stream)
    {
        lock (_gate)
        {
            return _streams.TryGetValue(stream, out var records) ? records.ToList() : [];
        }
    }

    /// <summary>Replaces the stream's records (for example with a tampered copy).</summary>
    public void Load(string stream, IEnumerable<AuditRecord> records)
    {
        lock (_gate)
        {
            _streams[stream] = records.ToList();
        }
    }

    /// <summary>Replaces the record at a sequence number (the first one stored with it) with an edited copy.</summary>
    public void Replace(string stream, long sequence, Func<AuditRecord, AuditRecord> edit) => Mutate(stream, records =>
    {
        var index = IndexOf(records, sequence);
        records[index] = edit(records[index]);
    });

    /// <summary>Deletes the record at a sequence number.</summary>
    public void Remove(string stream, long sequence) => Mutate(stream, records => records.RemoveAt(IndexOf(records, sequence)));

    /// <summary>Inserts a record at a position of the stored order (0 for the start).</summary>
    public void InsertAt(string stream, int index, AuditRecord record) => Mutate(stream, records => records.Insert(index, record));

    /// <summary>
    /// Exchanges the contents of two records while each keeps its sequence number (the rows stay where they are in sequence order, as
    /// when someone swaps two rows' columns in the table).
    /// </summary>
    public void SwapContents(string stream, long first, long second) => Mutate(stream, records =>
    {
        var i = IndexOf(records, first);
        var j = IndexOf(records, second);
        (records[i], records[j]) = (records[j] with { Sequence = records[i].Sequence }, records[i] with { Sequence = records[j].Sequence });
    });

    /// <summary>Deletes every record after the first <paramref name="keep"/> ones (truncates the tail).</summary>
    public void Truncate(string stream, int keep) => Mutate(stream, records => records.RemoveRange(keep, records.Count - keep));

    /// <summary>Runs an edit on the stream's stored list under the store's lock.</summary>
    public void Mutate(string stream, Action<List<AuditRecord>> edit)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(stream, out var records))
            {
                records = [];
                _streams[stream] = records;
            }

            edit(records);
        }
    }

    private static AuditChainHead HeadOf(List<AuditRecord> records)
        => records.Count == 0 ? AuditChainHead.Empty : new AuditChainHead(records[^1].Sequence, records[^1].Hash);

    private static int IndexOf(List<AuditRecord> records, long sequence)
    {
        var index = records.FindIndex(r => r.Sequence == sequence);
        return index >= 0 ? index : throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "No record has this sequence number.");
    }
}
