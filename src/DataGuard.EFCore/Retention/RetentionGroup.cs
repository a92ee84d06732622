// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// The rows of one policy that share a period: the default group (every tenant without a choice, or the whole table) or one tenant
/// that chose its own period.
/// </summary>
/// <param name="TenantId">The tenant that chose, or <see langword="null"/> for the default group.</param>
/// <param name="TenantValue">The tenant converted to the tenant property's type (tenant groups).</param>
/// <param name="ExcludedTenants">The default group's exclusions: tenants with their own choice, as an array of the tenant property's type, or <see langword="null"/>.</param>
/// <param name="Period">The period, or <see langword="null"/> for indefinite.</param>
/// <param name="Cutoff">Rows with a timestamp strictly before it are past the period; <see langword="null"/> when nothing expires.</param>
internal sealed record RetentionGroup(string? TenantId, object? TenantValue, Array? ExcludedTenants, TimeSpan? Period, DateTimeOffset? Cutoff);
