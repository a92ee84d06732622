// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Retention;

/// <summary>Legal holds in the <c>DataGuardLegalHolds</c> table. STUB: helper B implements.</summary>
/// <typeparam name="TContext">The application's context.</typeparam>
internal sealed class DbContextLegalHoldService<TContext> : ILegalHoldService
    where TContext : DbContext
{
    public Task<LegalHold> PlaceOnTenantAsync(string tenantId, LegalHoldDetails details, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<LegalHold> PlaceOnSubjectAsync(string identifier, LegalHoldDetails details, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<LegalHold> PlaceOnRecordAsync(Type entityType, object key, LegalHoldDetails details, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<bool> LiftAsync(Guid holdId, string liftedBy, string reason, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<LegalHold>> GetActiveAsync(string? tenantId = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
