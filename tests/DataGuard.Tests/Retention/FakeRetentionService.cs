// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace DataGuard.Tests.Retention;

/// <summary>An <see cref="IRetentionService"/> that records when it was run (by the clock under test); the scheduler is what is tested.</summary>
internal sealed class FakeRetentionService(TimeProvider time, Func<int, CancellationToken, Task>? behaviour = null) : IRetentionService
{
    private readonly Channel<(DateTimeOffset At, CancellationToken Token)> _calls = Channel.CreateUnbounded<(DateTimeOffset, CancellationToken)>();
    private int _count;

    public int CallCount => Volatile.Read(ref _count);

    public IReadOnlyList<RetentionPolicyDescription> Policies => [];

    public async Task<(DateTimeOffset At, CancellationToken Token)> NextCallAsync()
        => await _calls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public Task<RetentionReport> DryRunAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var number = Interlocked.Increment(ref _count);
        _calls.Writer.TryWrite((now, cancellationToken));
        if (behaviour is not null)
        {
            await behaviour(number, cancellationToken);
        }

        return new RetentionReport
        {
            RunId = Guid.NewGuid(),
            DryRun = false,
            Status = RetentionRunStatus.Completed,
            StartedAt = now,
            EndedAt = now,
            Entries = [],
            Errors = [],
        };
    }

    public Task SetTenantPeriodAsync(string tenantId, string category, TimeSpan? period, string chosenBy, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> ClearTenantPeriodAsync(string tenantId, string category, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyDictionary<string, TimeSpan?>> GetTenantPeriodsAsync(string tenantId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
