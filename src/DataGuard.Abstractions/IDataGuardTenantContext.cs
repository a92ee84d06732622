// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// The tenant of the current scope (request, job), registered by the application as a scoped service when it has tenants.
/// DataGuard reads it to pick the phone-number region and to keep tenants' tokens apart; it never guesses a tenant.
/// </summary>
public interface IDataGuardTenantContext
{
    /// <summary>Gets the current tenant's id, or <see langword="null"/> outside any tenant.</summary>
    string? TenantId { get; }

    /// <summary>
    /// Gets the current tenant's phone-number region (ISO 3166-1 alpha-2, for example <c>IN</c>) used to read numbers written in
    /// national form, or <see langword="null"/> to use <c>PhoneNumberOptions.DefaultRegion</c>.
    /// </summary>
    string? PhoneRegion { get; }
}
