// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.AspNetCore.Auditing;

/// <summary>
/// Writes one <see cref="AuditActions.Request"/> event for every request whose endpoint carries <see cref="AuditPersonalDataAttribute"/>,
/// after the rest of the pipeline has run, and opens the <see cref="AuditContext"/> other components add the subjects they touch to.
/// It never reads or wraps the request or response body. Requests of other endpoints pass straight through.
/// </summary>
internal sealed class AuditMiddleware(
    RequestDelegate next, IAuditSink sink, TimeProvider timeProvider, AuditRemoteAddressMode remoteAddressMode, ITextRedactor? redactor)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var metadata = endpoint?.Metadata.GetMetadata<AuditPersonalDataAttribute>();
        if (metadata is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using var scope = AuditContext.Begin(metadata.Purpose);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A DataGuard permission refusal is a denial (the exception handler turns it into a 403), anything else a failure.
            var refused = exception is DataGuardAccessDeniedException ? StatusCodes.Status403Forbidden : StatusCodes.Status500InternalServerError;
            await WriteAsync(context, endpoint!, scope.Context, refused, exception.GetType().Name).ConfigureAwait(false);
            throw;
        }

        var status = context.Response.StatusCode;
        await WriteAsync(context, endpoint!, scope.Context, status, status < 400 ? null : "status " + status.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ConfigureAwait(false);
    }

    private ValueTask WriteAsync(HttpContext context, Endpoint endpoint, AuditContext audit, int status, string? reason)
    {
        var outcome = status switch
        {
            < 400 => AuditOutcome.Success,
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => AuditOutcome.Denied,
            _ => AuditOutcome.Failed,
        };
        var principal = context.User;
        var subjects = audit.GetSubjects();
        var auditEvent = new AuditEvent
        {
            Action = AuditActions.Request,
            Resource = EndpointResource.Of(context.Request.Method, endpoint),
            TenantId = context.RequestServices?.GetService<IDataGuardTenantContext>()?.TenantId,
            Purpose = audit.Purpose,
            Subjects = subjects,
            Count = subjects.Length,
            TraceId = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier,
            RemoteAddress = AuditRemoteAddress.Format(context.Connection.RemoteIpAddress, remoteAddressMode),
        };

        // Not the request's abort token: a client that hangs up must not cancel its own audit record (back-pressure, never loss).
        return sink.WriteAsync(AuditEventFactory.Complete(auditEvent, principal, timeProvider, outcome, reason, redactor), CancellationToken.None);
    }
}
