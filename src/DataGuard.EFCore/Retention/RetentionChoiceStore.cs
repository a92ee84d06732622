// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Retention;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Retention;

/// <summary>Tenants' choices of period in <c>DataGuardRetentionChoices</c>. STUB: helper B implements.</summary>
internal static class RetentionChoiceStore
{
    /// <summary>Validates <paramref name="period"/> against the policy's bounds and stores it (upsert).</summary>
    public static Task SetAsync(DbContext context, RetentionOptions options, string tenantId, string category, TimeSpan? period, string chosenBy, DateTimeOffset now, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public static Task<bool> ClearAsync(DbContext context, string tenantId, string category, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public static Task<IReadOnlyDictionary<string, TimeSpan?>> GetAsync(DbContext context, string tenantId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    /// <summary>Every tenant's choice for one category (tenant id to period; null = indefinite).</summary>
    public static Task<IReadOnlyDictionary<string, TimeSpan?>> GetForCategoryAsync(DbContext context, string category, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
