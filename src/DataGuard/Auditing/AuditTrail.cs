// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGuard.Auditing;

/// <summary>
/// The <see cref="IAuditTrail"/>: reads, verifies and checkpoints the chained records of an <see cref="IAuditStore"/>.
/// </summary>
/// <remarks>
/// Flushing is delegated to the writer that buffers events (the audit pipeline), given as a function so that the trail does not
/// depend on how events are buffered. Thread-safe.
/// </remarks>
internal sealed class AuditTrail : IAuditTrail
{
    private readonly IAuditStore _store;
    private readonly AuditChain _chain;
    private readonly IAuditSubjectHasher _hasher;
    private readonly Func<CancellationToken, Task> _flush;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IAuditCheckpointSink> _sinks;
    private readonly ILogger _logger;

    public AuditTrail(
        IAuditStore store,
        AuditChain chain,
        IAuditSubjectHasher hasher,
        Func<CancellationToken, Task> flush,
        TimeProvider time,
        IEnumerable<IAuditCheckpointSink> sinks,
        ILogger<AuditTrail>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(flush);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(sinks);
        _store = store;
        _chain = chain;
        _hasher = hasher;
        _flush = flush;
        _time = time;
        _sinks = [.. sinks];
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => _flush(cancellationToken);

    public Task<IReadOnlyList<string>> GetStreamsAsync(CancellationToken cancellationToken = default) => _store.GetStreamsAsync(cancellationToken);

    public IAsyncEnumerable<AuditRecord> ReadAsync(string stream, long fromSequence = 1, long? toSequence = null, CancellationToken cancellationToken = default)
    {
        ValidateRange(stream, fromSequence, toSequence);
        return _store.ReadAsync(stream, fromSequence, toSequence, cancellationToken);
    }

    public async Task<AuditVerificationResult> VerifyAsync(string stream, long fromSequence = 1, long? toSequence = null, CancellationToken cancellationToken = default)
    {
        ValidateRange(stream, fromSequence, toSequence);
        var result = await _chain.VerifyAsync(stream, _store.ReadAsync(stream, fromSequence, toSequence, cancellationToken), fromSequence, toSequence, null, cancellationToken)
            .ConfigureAwait(false);
        return Report(result);
    }

    public async Task<AuditVerificationResult> VerifyAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint.Stream, nameof(checkpoint));
        ArgumentOutOfRangeException.ThrowIfNegative(checkpoint.Sequence, nameof(checkpoint));
        if ((checkpoint.Sequence == 0) != (checkpoint.HeadHash is null))
        {
            throw new ArgumentException("A checkpoint has a head hash exactly when its sequence is above 0.", nameof(checkpoint));
        }

        var result = await _chain.VerifyAsync(checkpoint.Stream, _store.ReadAsync(checkpoint.Stream, 1, null, cancellationToken), 1, null, checkpoint, cancellationToken)
            .ConfigureAwait(false);
        return Report(result);
    }

    public async Task<AuditCheckpoint> CreateCheckpointAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        await _flush(cancellationToken).ConfigureAwait(false);
        var head = await _store.GetHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        var checkpoint = new AuditCheckpoint(stream, head.Sequence, head.Hash, _time.GetUtcNow());
        foreach (var sink in _sinks)
        {
            await sink.ExportAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }

        return checkpoint;
    }

    public async Task<IReadOnlyList<AuditRecord>> GetAccessHistoryAsync(string subject, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (string.IsNullOrWhiteSpace(subject))
        {
            throw new ArgumentException("The data subject's identifier is empty or white space.", nameof(subject));
        }

        if (from >= to)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "The end of the period must be after its start.");
        }

        var candidates = _hasher.HashCandidates(subject);
        await _flush(cancellationToken).ConfigureAwait(false);
        var found = await _store.FindBySubjectsAsync(candidates, from, to, cancellationToken).ConfigureAwait(false);

        // The subject index is a lookup aid outside the chain: keep only records whose own (hashed, chained) subjects name the subject.
        return found.Where(r => r.Event.Subjects.Any(candidates.Contains)).ToList();
    }

    private static void ValidateRange(string stream, long fromSequence, long? toSequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        if (toSequence is { } to)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(to, fromSequence, nameof(toSequence));
        }
    }

    private AuditVerificationResult Report(AuditVerificationResult result)
    {
        if (!result.IsValid)
        {
            AuditTrailLog.VerificationFailed(_logger, result.Stream, result.FirstBrokenSequence ?? 0, result.Failure);
        }

        return result;
    }
}
