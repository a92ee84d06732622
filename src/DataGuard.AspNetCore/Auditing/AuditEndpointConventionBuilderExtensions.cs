// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.AspNetCore.Auditing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Opts endpoints in to DataGuard's request audit.</summary>
public static class AuditEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Writes one <see cref="DataGuard.AuditActions.Request"/> audit event for every call of the endpoints (a single endpoint, a route
    /// group or <c>MapControllers()</c>), through <c>app.UseDataGuardAudit()</c>: the route pattern (never the path), the principal,
    /// the outcome (including 401 and 403), the purpose and the data subjects touched during the request. Controllers and actions may use
    /// <see cref="AuditPersonalDataAttribute"/> instead.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint, group or controller convention builder.</param>
    /// <param name="purpose">Why the endpoints handle personal data, for example <c>billing-dispute</c>, or <see langword="null"/> for none.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is empty or white space.</exception>
    public static TBuilder AuditPersonalData<TBuilder>(this TBuilder builder, string? purpose = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = purpose is null ? new AuditPersonalDataAttribute() : new AuditPersonalDataAttribute(purpose);
        builder.Add(endpoint =>
        {
            // Without AddAspNetCoreAudit() nothing checks at start-up that the middleware runs, and the metadata would silently audit
            // nothing: refuse to build the endpoint instead (start-up with the check, or the first request without it).
            if (endpoint.ApplicationServices.GetService(typeof(AuditMiddlewareMarker)) is null)
            {
                throw new InvalidOperationException(
                    $"The endpoint '{endpoint.DisplayName}' is marked AuditPersonalData, but DataGuard's ASP.NET Core audit is not set up: call "
                    + "services.AddDataGuard(dg => dg.AddAudit().AddAspNetCoreAudit()) and app.UseDataGuardAudit() after app.UseAuthentication().");
            }

            endpoint.Metadata.Add(metadata);
        });
        return builder;
    }
}
