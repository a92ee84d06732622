// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Tests.Auditing;

/// <summary>An <see cref="IAuditCheckpointSink"/> that keeps what it receives and can wait for a number of checkpoints.</summary>
internal sealed class RecordingCheckpointSink : IAuditCheckpointSink
{
    private readonly Lock _gate = new();
    private readonly List<AuditCheckpoint> _checkpoints = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Gets or sets an exception thrown by the next exports (for failure tests).</summary>
    public Exception? Failure { get; set; }

    public IReadOnlyList<AuditCheckpoint> Checkpoints
    {
        get
        {
            lock (_gate)
            {
                return _checkpoints.ToList();
            }
        }
    }

    public ValueTask ExportAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            _checkpoints.Add(checkpoint);
            foreach (var waiter in _waiters.Where(w => _checkpoints.Count >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when at least <paramref name="count"/> checkpoints were received.</summary>
    public Task WaitForAsync(int count)
    {
        lock (_gate)
        {
            if (_checkpoints.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
