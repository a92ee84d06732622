// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard;
using DataGuard.AspNetCore.Auditing;
using DataGuard.Auditing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds DataGuard's request audit to the request pipeline.</summary>
public static class AuditApplicationBuilderExtensions
{
    /// <summary>
    /// Writes one <see cref="AuditActions.Request"/> audit event for every request to an endpoint marked <c>.AuditPersonalData()</c> or
    /// <see cref="AuditPersonalDataAttribute"/>: the HTTP method and route pattern (never the path or query), the principal's id, roles and
    /// client, the tenant, the purpose, the data subjects touched during the request (as hashes), the outcome (status below 400 succeeded,
    /// 401 and 403 denied, anything else or an exception failed), the trace id and the caller's address (truncated by default, see
    /// <see cref="AuditOptions.RemoteAddress"/>). Other requests pass straight through; request and response bodies are never buffered.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The value of <paramref name="app"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddDataGuard(dg =&gt; dg.AddAspNetCoreAudit())</c> was not called.</exception>
    /// <remarks>
    /// <para>
    /// Place it after <c>app.UseAuthentication()</c>, so that the principal is known, and before <c>app.UseAuthorization()</c>, so that
    /// requests refused by authorization (401, 403) are recorded as denied; when <c>app.UseRouting()</c> is called explicitly, place it
    /// after that call too (the middleware needs the endpoint).
    /// </para>
    /// <para>
    /// The event is written after the rest of the pipeline has run, before the response completes: a sink that waits (a full audit buffer)
    /// slows the request rather than losing the event.
    /// </para>
    /// </remarks>
    public static IApplicationBuilder UseDataGuardAudit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        if (services.GetService<AuditMiddlewareMarker>() is not { } marker
            || services.GetService<IAuditSink>() is not { } sink
            || services.GetService<TimeProvider>() is not { } timeProvider)
        {
            throw new InvalidOperationException("UseDataGuardAudit() requires services.AddDataGuard(dg => dg.AddAspNetCoreAudit()).");
        }

        var mode = services.GetService<IOptions<AuditOptions>>()?.Value.RemoteAddress ?? AuditRemoteAddressMode.Truncated;
        var redactor = services.GetService<ITextRedactor>();
        marker.MarkUsed();
        return app.Use(next => new AuditMiddleware(next, sink, timeProvider, mode, redactor).InvokeAsync);
    }
}
