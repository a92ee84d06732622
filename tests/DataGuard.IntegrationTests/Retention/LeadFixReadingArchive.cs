// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A custom archive that reads the people table through a context of its own (application code with personal data).</summary>
public sealed class LeadFixReadingArchive(IDbContextFactory<LeadFixDbContext> contexts, ConcurrentQueue<int> reads) : IRetentionArchive
{
    public async Task ArchiveAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.Set<LeadFixPerson>().AsNoTracking().ToListAsync(cancellationToken);
        reads.Enqueue(people.Count);
    }
}
