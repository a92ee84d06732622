// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>Runs the retention policies, reports on them and stores tenants' choices of period.</summary>
public interface IRetentionService
{
    /// <summary>Gets the configured policies, by category.</summary>
    IReadOnlyList<RetentionPolicyDescription> Policies { get; }

    /// <summary>Counts, per policy and tenant group, what a run would purge, hold back and keep, changing nothing.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The report.</returns>
    Task<RetentionReport> DryRunAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs every policy now, under the database lease (another instance holding it makes this return
    /// <see cref="RetentionRunStatus.Skipped"/>). Writes a run record and audit events. Cancellation stops between batches.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run between batches; the report then says <see cref="RetentionRunStatus.Cancelled"/>.</param>
    /// <returns>The report.</returns>
    Task<RetentionReport> RunAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a tenant's choice of period for a category whose policy allows it; effective from the next run.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="category">The policy's category.</param>
    /// <param name="period">The period, or <see langword="null"/> for indefinite.</param>
    /// <param name="chosenBy">Who chose it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the choice is stored.</returns>
    /// <exception cref="DataGuardValidationException">The category is unknown, does not allow a choice, or the period is outside its bounds (the message states them).</exception>
    Task SetTenantPeriodAsync(string tenantId, string category, TimeSpan? period, string chosenBy, CancellationToken cancellationToken = default);

    /// <summary>Removes a tenant's choice, so the policy's default applies from the next run.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="category">The policy's category.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a choice was removed.</returns>
    Task<bool> ClearTenantPeriodAsync(string tenantId, string category, CancellationToken cancellationToken = default);

    /// <summary>Gets a tenant's choices, by category (a <see langword="null"/> value is an indefinite period).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The choices.</returns>
    Task<IReadOnlyDictionary<string, TimeSpan?>> GetTenantPeriodsAsync(string tenantId, CancellationToken cancellationToken = default);
}
