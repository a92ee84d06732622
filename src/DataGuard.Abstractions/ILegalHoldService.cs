// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>
/// Places and lifts legal holds. A hold wins over every retention purge: each purge statement excludes the rows of every hold in force
/// when its batch starts. Placing and lifting are audited.
/// </summary>
public interface ILegalHoldService
{
    /// <summary>Holds every row of a tenant.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="details">Reason, who and expiry (<see cref="LegalHoldDetails.TenantId"/> is ignored).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored hold.</returns>
    /// <exception cref="ArgumentException">An argument is blank, too long, or the expiry is not in the future.</exception>
    Task<LegalHold> PlaceOnTenantAsync(string tenantId, LegalHoldDetails details, CancellationToken cancellationToken = default);

    /// <summary>
    /// Holds every row that names a data subject. The identifier (for example a phone number in any written form) is matched in
    /// every table with a retention policy through that table's own blind index; it is stored encrypted, with its subject hash.
    /// </summary>
    /// <param name="identifier">The subject's identifier, as the application stores it (a phone number is normalised first).</param>
    /// <param name="details">Reason, who, expiry and an optional tenant limit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored hold.</returns>
    /// <exception cref="ArgumentException">An argument is blank, too long, or the expiry is not in the future.</exception>
    Task<LegalHold> PlaceOnSubjectAsync(string identifier, LegalHoldDetails details, CancellationToken cancellationToken = default);

    /// <summary>Holds one row.</summary>
    /// <param name="entityType">The row's entity type (a type of the EF model).</param>
    /// <param name="key">The row's primary key (single-column keys).</param>
    /// <param name="details">Reason, who, expiry and an optional tenant.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored hold.</returns>
    /// <exception cref="ArgumentException">The type is not an entity type with a single-column key, or the key has the wrong type.</exception>
    Task<LegalHold> PlaceOnRecordAsync(Type entityType, object key, LegalHoldDetails details, CancellationToken cancellationToken = default);

    /// <summary>Lifts a hold. Lifting an unknown or already lifted hold returns <see langword="false"/>.</summary>
    /// <param name="holdId">The hold.</param>
    /// <param name="liftedBy">Who lifts it.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a standing hold was lifted.</returns>
    Task<bool> LiftAsync(Guid holdId, string liftedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>Lists the holds in force now, optionally of one tenant (tenant holds and holds limited to it).</summary>
    /// <param name="tenantId">The tenant, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The holds, oldest first.</returns>
    Task<IReadOnlyList<LegalHold>> GetActiveAsync(string? tenantId = null, CancellationToken cancellationToken = default);
}
