// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A hook over expiring people that reads the people table through a context of its own (application code with personal data).</summary>
public sealed class LeadFixReadingHook(IDbContextFactory<LeadFixDbContext> contexts, ConcurrentQueue<int> reads) : IRetentionHook<LeadFixPerson>
{
    public async Task BeforePurgeAsync(RetentionHookBatch<LeadFixPerson> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.Set<LeadFixPerson>().AsNoTracking().ToListAsync(cancellationToken);
        reads.Enqueue(people.Count);
    }
}
