// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Retention;

/// <summary>Runs retention over the EF model of <typeparamref name="TContext"/>. STUB: helper A implements.</summary>
/// <typeparam name="TContext">The application's context.</typeparam>
internal sealed class DbContextRetentionService<TContext> : IRetentionService
    where TContext : DbContext
{
    public IReadOnlyList<RetentionPolicyDescription> Policies => throw new NotImplementedException();

    public Task<RetentionReport> DryRunAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<RetentionReport> RunAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task SetTenantPeriodAsync(string tenantId, string category, TimeSpan? period, string chosenBy, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<bool> ClearTenantPeriodAsync(string tenantId, string category, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyDictionary<string, TimeSpan?>> GetTenantPeriodsAsync(string tenantId, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
