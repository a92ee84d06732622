// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using CallCenter.Data;
using DataGuard;
using DataGuard.Encryption;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CallCenter.Endpoints;

/// <summary>The call centre's HTTP API.</summary>
public static class CallCenterEndpoints
{
    public static IEndpointRouteBuilder MapCallCenterEndpoints(this IEndpointRouteBuilder app)
    {
        var calls = app.MapGroup("/tenants/{tenantId:guid}/calls").AuditPersonalData("call handling");

        // Equality search on an encrypted column goes through its blind index.
        calls.MapGet("/", async (Guid tenantId, string? caller, CallCenterDb db) =>
        {
            var query = db.CallLogs.Where(c => c.TenantId == tenantId);
            if (!string.IsNullOrWhiteSpace(caller))
            {
                query = query.WhereEquals(c => c.CallerNumber, caller);
            }

            return Results.Ok(await query.OrderByDescending(c => c.Id).Take(100).ToListAsync());
        });

        calls.MapPost("/", async (Guid tenantId, NewCall call, CallCenterDb db) =>
        {
            var log = new CallLog
            {
                TenantId = tenantId,
                CallerNumber = call.CallerNumber,
                DialledNumber = call.DialledNumber,
                Transcript = call.Transcript,
                StartedAt = call.StartedAt,
                DurationSeconds = call.DurationSeconds,
            };
            db.CallLogs.Add(log);
            await db.SaveChangesAsync();
            return Results.Created($"/tenants/{tenantId}/calls/{log.Id}", log);
        });

        // The dialled number is stored as a token; turning it back needs the Detokenize permission and is audited (403 otherwise).
        calls.MapGet("/{id:long}/dialled-number", async (Guid tenantId, long id, HttpRequest request, CallCenterDb db, ITokenVault vault) =>
        {
            var token = await db.CallLogs.Where(c => c.TenantId == tenantId && c.Id == id).Select(c => c.DialledNumber).SingleOrDefaultAsync();
            if (token is null)
            {
                return Results.NotFound();
            }

            var number = await vault.DetokenizeAsync(token, purpose: request.Headers["X-DataGuard-Purpose"].ToString());
            return number is null ? Results.NotFound() : Results.Ok(new DialledNumber(token, number));
        });

        app.MapGet("/tenants/{tenantId:guid}/contacts", async (Guid tenantId, string? phone, CallCenterDb db) =>
        {
            var query = db.Contacts.Where(c => c.TenantId == tenantId);
            if (!string.IsNullOrWhiteSpace(phone))
            {
                query = query.WhereEquals(c => c.PhoneNumber, phone);
            }

            return Results.Ok(await query.ToListAsync());
        }).AuditPersonalData("contact lookup");

        var admin = app.MapGroup("/admin");
        admin.MapPost("/keys/rotate", async (IKeyRingManager keys) => Results.Ok(new { ActiveDataKey = (await keys.RotateDataKeyAsync()).ToString() }));
        admin.MapPost("/keys/reencrypt", async (IReencryptionJob job) =>
        {
            var result = await job.RunAsync();
            return Results.Ok(new { result.RowsScanned, result.RowsRewritten, result.RowsConflicted, result.RowsFailed });
        });

        return app;
    }

    public sealed record DialledNumber(string Token, string Number);

    public sealed record NewCall(string CallerNumber, string DialledNumber, string? Transcript, DateTimeOffset StartedAt, int DurationSeconds);
}
