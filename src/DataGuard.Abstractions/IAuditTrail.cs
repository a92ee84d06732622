// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>Reads, verifies and checkpoints the stored, hash-chained audit trail.</summary>
public interface IAuditTrail
{
    /// <summary>The name of the stream that holds events without a tenant.</summary>
    const string SystemStream = "system";

    /// <summary>Gets the stream an event of <paramref name="tenantId"/> is appended to.</summary>
    /// <param name="tenantId">The tenant, or <see langword="null"/>.</param>
    /// <returns><c>system</c>, or <c>tenant:</c> followed by the tenant id.</returns>
    static string StreamOf(string? tenantId) => tenantId is null ? SystemStream : "tenant:" + tenantId;

    /// <summary>Waits until every event accepted before the call is durable in the store.</summary>
    /// <param name="cancellationToken">Cancels the wait (not the writing).</param>
    /// <returns>A task that completes when the events are stored.</returns>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the streams that hold records.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stream names, ordered.</returns>
    Task<IReadOnlyList<string>> GetStreamsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads records of one stream in sequence order.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="fromSequence">The first sequence number to read (1 for the start).</param>
    /// <param name="toSequence">The last sequence number to read, or <see langword="null"/> for the head.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records, streamed.</returns>
    IAsyncEnumerable<AuditRecord> ReadAsync(string stream, long fromSequence = 1, long? toSequence = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies the chain of one stream between two sequence numbers and reports the first broken link. Verification from a later
    /// sequence trusts the previous hash of its first record; verify from 1, or against a checkpoint, to cover the whole stream.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="fromSequence">The first sequence number to verify (1 for the start).</param>
    /// <param name="toSequence">The last sequence number to verify, or <see langword="null"/> for the head.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    Task<AuditVerificationResult> VerifyAsync(string stream, long fromSequence = 1, long? toSequence = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies the whole stream of <paramref name="checkpoint"/> and that it still holds the checkpoint's head: detects a truncated tail
    /// or a chain rewritten since the checkpoint was exported.
    /// </summary>
    /// <param name="checkpoint">A checkpoint exported earlier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    Task<AuditVerificationResult> VerifyAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Takes a checkpoint of a stream's current head (after flushing) and hands it to every registered <see cref="IAuditCheckpointSink"/>.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The checkpoint.</returns>
    Task<AuditCheckpoint> CreateCheckpointAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns, for one data subject, who accessed or changed their data, when, and for what purpose: every record of every stream whose
    /// subjects include the subject's hash, in time order.
    /// </summary>
    /// <param name="subject">The subject's raw identifier (for example a phone number); it is hashed, never stored or logged.</param>
    /// <param name="from">The start of the period (inclusive).</param>
    /// <param name="to">The end of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<AuditRecord>> GetAccessHistoryAsync(string subject, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
