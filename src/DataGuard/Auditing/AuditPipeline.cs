// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using DataGuard.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGuard.Auditing;

/// <summary>
/// The audit sink <c>AddAudit</c> registers: validates, redacts and buffers events, and hands them to the store.
/// </summary>
/// <remarks>
/// In <see cref="AuditWriteMode.Buffered"/> mode events go into a bounded channel drained by <see cref="AuditWriterHostedService"/>; a
/// full channel makes writers wait (never drops). Once the host has stopped the writer, writes are stored directly. Thread-safe.
/// </remarks>
internal sealed class AuditPipeline : IAuditSink
{
    private readonly IServiceProvider _services;
    private readonly AuditChain _chain;
    private readonly IAuditSubjectHasher _hasher;
    private readonly AuditAnomalyDetector _detector;
    private readonly DataGuardMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ITextRedactor? _redactor;
    private readonly Channel<AuditEvent> _channel;
    private readonly object _gate = new();
    private readonly List<(long Target, TaskCompletionSource Completion)> _waiters = [];
    private IAuditStore? _store;
    private long _accepted;
    private long _stored;
    private long _abandoned;

    public AuditPipeline(
        IOptions<AuditOptions> options,
        IServiceProvider services,
        AuditChain chain,
        IAuditSubjectHasher hasher,
        AuditAnomalyDetector detector,
        DataGuardMetrics metrics,
        TimeProvider time,
        ITextRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        _services = services;
        _chain = chain;
        _hasher = hasher;
        _detector = detector;
        _metrics = metrics;
        _time = time;
        _redactor = redactor;
        _channel = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(Options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>The options.</summary>
    public AuditOptions Options { get; }

    /// <summary>The buffer's reader (drained by <see cref="AuditWriterHostedService"/> only).</summary>
    internal ChannelReader<AuditEvent> Reader => _channel.Reader;

    /// <summary>The number of events accepted into the buffer and not yet stored.</summary>
    internal long QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _accepted - _stored;
            }
        }
    }

    private IAuditStore Store => _store ??= _services.GetService<IAuditStore>() ?? throw new InvalidOperationException(AuditStoreConfiguredValidator.Message);

    /// <summary>Buffers (or, in synchronous mode, stores) one event; waits when the buffer is full.</summary>
    /// <exception cref="ArgumentException">The event has no action, or a subject that is not a subject hash.</exception>
    public async ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var normalised = Normalise(auditEvent, nameof(auditEvent));
        await _detector.ObserveAsync(normalised, cancellationToken).ConfigureAwait(false);
        if (Options.WriteMode == AuditWriteMode.Buffered && await EnqueueAsync(normalised, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // Synchronous mode, or the writer has stopped (host shut down): store before returning, never lose the event.
        await StoreAsync(IAuditTrail.StreamOf(normalised.TenantId), [normalised], transaction: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores events inside the caller's transaction (a DbContext with a current transaction); durable when the caller commits.</summary>
    /// <exception cref="ArgumentException">An event has no action, or a subject that is not a subject hash.</exception>
    public async Task WriteInTransactionAsync(IReadOnlyList<AuditEvent> events, object transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(transaction);
        var normalised = new AuditEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            normalised[i] = Normalise(events[i] ?? throw new ArgumentException("The list holds a null audit event.", nameof(events)), nameof(events));
        }

        foreach (var auditEvent in normalised)
        {
            await _detector.ObserveAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (stream, group) in GroupByStream(normalised))
        {
            await StoreAsync(stream, group, transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every event accepted before the call is stored.</summary>
    /// <exception cref="InvalidOperationException">The writer was stopped by the shutdown timeout before storing them.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource completion;
        lock (_gate)
        {
            if (_stored >= _accepted)
            {
                return Task.CompletedTask;
            }

            if (_abandoned > 0)
            {
                return Task.FromException(AbandonedException(_abandoned));
            }

            completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_accepted, completion));
        }

        return completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Groups events by stream, keeping their order within each stream.</summary>
    internal static List<(string Stream, List<AuditEvent> Events)> GroupByStream(IEnumerable<AuditEvent> events)
    {
        var groups = new List<(string Stream, List<AuditEvent> Events)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var auditEvent in events)
        {
            var stream = IAuditTrail.StreamOf(auditEvent.TenantId);
            if (!index.TryGetValue(stream, out var i))
            {
                index.Add(stream, i = groups.Count);
                groups.Add((stream, []));
            }

            groups[i].Events.Add(auditEvent);
        }

        // Streams in ordinal order: two writers that hold stream heads inside callers' transactions always lock them in the same order.
        groups.Sort((a, b) => string.CompareOrdinal(a.Stream, b.Stream));
        return groups;
    }

    /// <summary>Appends events to one stream in one store call (sealed on the stream's current head).</summary>
    internal async Task StoreAsync(string stream, IReadOnlyList<AuditEvent> events, object? transaction, CancellationToken cancellationToken)
    {
        await Store.AppendAsync(stream, head => _chain.Seal(stream, head, events), transaction, cancellationToken).ConfigureAwait(false);
        _metrics.AuditRecordsWritten.Add(events.Count);
    }

    /// <summary>Records that the writer stored the next <paramref name="count"/> buffered events, and releases the flushes they complete.</summary>
    internal void MarkStored(int count)
    {
        List<TaskCompletionSource>? done = null;
        lock (_gate)
        {
            _stored += count;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= _stored)
                {
                    (done ??= []).Add(_waiters[i].Completion);
                    _waiters.RemoveAt(i);
                }
            }
        }

        _metrics.AuditQueueLength.Add(-count);
        done?.ForEach(c => c.TrySetResult());
    }

    /// <summary>Stops accepting events into the buffer: later writes are stored directly.</summary>
    internal void Complete()
    {
        lock (_gate)
        {
            _channel.Writer.TryComplete();
        }
    }

    /// <summary>Records that the writer was forced to stop with <paramref name="count"/> events not stored, and fails pending flushes.</summary>
    internal void Abandon(long count)
    {
        List<TaskCompletionSource> failed;
        lock (_gate)
        {
            _abandoned += count;
            failed = _waiters.ConvertAll(w => w.Completion);
            _waiters.Clear();
        }

        var exception = AbandonedException(count);
        failed.ForEach(c => c.TrySetException(exception));
    }

    private static InvalidOperationException AbandonedException(long count)
        => new($"DataGuard's audit writer was stopped by the shutdown timeout before {count} buffered audit events were stored.");

    private async ValueTask<bool> EnqueueAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        while (true)
        {
            // TryWrite and the count move together so that the count is the number of events ahead in the channel (FlushAsync).
            lock (_gate)
            {
                if (_channel.Writer.TryWrite(auditEvent))
                {
                    _accepted++;
                    _metrics.AuditQueueLength.Add(1);
                    return true;
                }
            }

            if (!await _channel.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
    }

    private AuditEvent Normalise(AuditEvent auditEvent, string paramName)
    {
        if (string.IsNullOrWhiteSpace(auditEvent.Action))
        {
            throw new ArgumentException("An audit event needs an Action (see AuditActions).", paramName);
        }

        if (auditEvent.ActorRoles.Any(r => r is null) || auditEvent.Properties.Any(p => p is null))
        {
            throw new ArgumentException("An audit event's roles and properties cannot contain null.", paramName);
        }

        var subjects = auditEvent.Subjects;
        for (var i = 0; i < subjects.Count; i++)
        {
            // Never echo the value: a subject that is not a hash is most likely a raw identifier (a phone number, an e-mail address).
            if (subjects[i] is null || !_hasher.IsHash(subjects[i]))
            {
                throw new ArgumentException(
                    $"Subject {i} of the audit event is not a subject hash. Pass IAuditSubjectHasher.Hash(identifier), never the raw identifier.",
                    paramName);
            }
        }

        // Identifiers are refused when too long (truncating a tenant would merge streams); free text is cut to the stored width, so
        // a long value can never make every later batch fail in the store.
        RequireLength(auditEvent.Action, AuditFieldLimits.Action, nameof(AuditEvent.Action), paramName);
        RequireLength(auditEvent.TenantId, AuditFieldLimits.Identifier, nameof(AuditEvent.TenantId), paramName);
        RequireLength(auditEvent.ActorId, AuditFieldLimits.Identifier, nameof(AuditEvent.ActorId), paramName);
        RequireLength(auditEvent.ClientId, AuditFieldLimits.Identifier, nameof(AuditEvent.ClientId), paramName);
        // Every string is made storable by any provider (PostgreSQL refuses NUL and unpaired surrogates): one such value would
        // otherwise fail its batch forever and block every stream behind it.
        return auditEvent with
        {
            Action = Clean(auditEvent.Action)!,
            ActorId = Clean(auditEvent.ActorId),
            ActorRoles = auditEvent.ActorRoles.Select(r => Clean(r)!).ToArray(),
            ClientId = Clean(auditEvent.ClientId),
            TenantId = Clean(auditEvent.TenantId),
            Timestamp = auditEvent.Timestamp == default ? _time.GetUtcNow() : auditEvent.Timestamp,
            Purpose = Cut(Clean(Redact(auditEvent.Purpose)), AuditFieldLimits.Text),
            Reason = Cut(Clean(Redact(auditEvent.Reason)), AuditFieldLimits.Reason),
            Resource = Cut(Clean(Redact(auditEvent.Resource)), AuditFieldLimits.Text),
            ResourceId = Cut(Clean(Redact(auditEvent.ResourceId)), AuditFieldLimits.Identifier),
            TraceId = Cut(Clean(auditEvent.TraceId), AuditFieldLimits.Short),
            RemoteAddress = Cut(Clean(auditEvent.RemoteAddress), AuditFieldLimits.Short),
            Properties = auditEvent.Properties.Select(p => Clean(p)!).ToArray(),
        };
    }

    /// <summary>Replaces control characters (U+0000–U+001F, U+007F) and unpaired surrogates by U+FFFD (same length).</summary>
    internal static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        char[]? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (c < '\u0020' || c == '\u007F' || char.IsSurrogate(c))
            {
                cleaned ??= text.ToCharArray();
                cleaned[i] = '\uFFFD';
            }
        }

        return cleaned is null ? text : new string(cleaned);
    }

    private static void RequireLength(string? value, int limit, string field, string paramName)
    {
        if (value is not null && value.Length > limit)
        {
            throw new ArgumentException($"The audit event's {field} is longer than {limit} characters.", paramName);
        }
    }

    /// <summary>Cuts text to <paramref name="limit"/> characters ending in an ellipsis, never between the halves of a surrogate pair.</summary>
    internal static string? Cut(string? text, int limit)
    {
        if (text is null || text.Length <= limit)
        {
            return text;
        }

        var keep = limit - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }

    private string? Redact(string? text) => text is null || _redactor is null ? text : _redactor.Redact(text);
}
