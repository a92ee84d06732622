// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.AspNetCore.Auditing;

/// <summary>
/// Fails start-up when endpoints carry <see cref="AuditPersonalDataAttribute"/> but <c>UseDataGuardAudit()</c> was not called: runs
/// after the application has configured its pipeline and mapped its endpoints (minimal APIs and controllers alike), before the server
/// starts.
/// </summary>
internal sealed class AuditStartupFilter(AuditMiddlewareMarker marker) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
        => app =>
        {
            next(app);
            if (marker.IsUsed || app.ApplicationServices.GetService<EndpointDataSource>() is not { } endpoints)
            {
                return;
            }

            var audited = endpoints.Endpoints
                .Where(e => e.Metadata.GetMetadata<AuditPersonalDataAttribute>() is not null)
                .Select(e => EndpointResource.Of(MethodOf(e), e))
                .ToList();
            if (audited.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{audited.Count} endpoint(s) carry DataGuard audit metadata (.AuditPersonalData() or [AuditPersonalData]), for example "
                    + $"'{audited[0]}', but the audit middleware is not in the pipeline: call app.UseDataGuardAudit() after "
                    + "app.UseAuthentication() (and app.UseRouting() when it is explicit) and before app.UseAuthorization().");
            }
        };

    private static string MethodOf(Endpoint endpoint)
        => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is [var method, ..] ? method : "ANY";
}
