// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// Marks a string property whose column stores a token instead of the value. The value itself lives encrypted in the token vault,
/// found through a blind index, so the same value of the same tenant always gets the same token (joins and group-bys keep working)
/// while different tenants get different tokens. The fluent equivalent is <c>.IsTokenized()</c>.
/// </summary>
/// <remarks>
/// After SaveChanges the property holds the token; reading gives the token until the application detokenizes it through
/// <see cref="ITokenVault"/>, which requires <see cref="DataGuardPermissions.Detokenize"/>. With <see cref="PhoneNumberAttribute"/>
/// the number is normalised to E.164 first.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class TokenizedAttribute : Attribute
{
    /// <summary>Gets or sets the token format. The default is <see cref="TokenFormat.Opaque"/>.</summary>
    public TokenFormat Format { get; set; }

    /// <summary>
    /// Gets or sets the name of the property of the same entity that holds the tenant (for example <c>nameof(TenantId)</c>).
    /// When it is not set, the tenant of the current <see cref="IDataGuardTenantContext"/> is used, and without one tokens are global.
    /// </summary>
    public string? TenantProperty { get; set; }
}
