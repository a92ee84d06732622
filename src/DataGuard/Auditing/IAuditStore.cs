// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Auditing;

/// <summary>
/// Where sealed audit records live (the EF Core store implements it over the application's context). Appending serialises on the
/// stream's head so that any number of writers, in one process or many, keep one valid chain.
/// </summary>
internal interface IAuditStore
{
    /// <summary>
    /// Appends records to one stream in one transaction: locks the stream's head (creating it when missing), calls
    /// <paramref name="seal"/> with the head to build the records, inserts them (with their subject hashes) and moves the head to the
    /// last one. When <paramref name="transaction"/> is given (a <c>DbContext</c> whose current transaction the caller owns), the
    /// records are written on its connection and inside that transaction, and the caller's commit makes them durable.
    /// </summary>
    Task AppendAsync(string stream, Func<AuditChainHead, IReadOnlyList<AuditRecord>> seal, object? transaction, CancellationToken cancellationToken);

    /// <summary>The current head of a stream (<see cref="AuditChainHead.Empty"/> when it has no record).</summary>
    Task<AuditChainHead> GetHeadAsync(string stream, CancellationToken cancellationToken);

    /// <summary>The streams that hold records, ordered ordinally.</summary>
    Task<IReadOnlyList<string>> GetStreamsAsync(CancellationToken cancellationToken);

    /// <summary>Records of a stream in sequence order, from <paramref name="fromSequence"/> to <paramref name="toSequence"/> (inclusive).</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(string stream, long fromSequence, long? toSequence, CancellationToken cancellationToken);

    /// <summary>Records of any stream whose subjects include one of <paramref name="subjectHashes"/>, with from &lt;= timestamp &lt; to, in time order.</summary>
    Task<IReadOnlyList<AuditRecord>> FindBySubjectsAsync(IReadOnlyCollection<string> subjectHashes, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
