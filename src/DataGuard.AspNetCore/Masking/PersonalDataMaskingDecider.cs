// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// Decides once per request, before the response is written, whether its JSON output shows personal data raw, and stores the
/// decision in a <see cref="PersonalDataMaskingFeature"/>. Raw only when the principal holds
/// <see cref="DataGuardPermissions.ViewPersonalData"/> (through <see cref="IDataGuardPermissionEvaluator"/>) and, when required, states
/// an allowed purpose. An unmasked response is audited once (<see cref="AuditActions.Unmask"/>, with the count of values written raw)
/// when the response has completed; refused attempts with a stated purpose are audited as denied at once.
/// </summary>
internal sealed class PersonalDataMaskingDecider(
    IDataGuardPermissionEvaluator evaluator,
    IAuditSink audit,
    TimeProvider timeProvider,
    IOptionsMonitor<PersonalDataMaskingOptions> options,
    ILogger<PersonalDataMaskingDecider> logger,
    ITextRedactor? textRedactor = null)
{
    public static bool IsInScope(HttpContext context, PersonalDataMaskingOptions options)
        => options.Scope == MaskingScope.Global || context.GetEndpoint()?.Metadata.GetMetadata<MaskPersonalDataAttribute>() is not null;

    public bool IsInScope(HttpContext context) => IsInScope(context, options.CurrentValue);

    public async ValueTask DecideAsync(HttpContext context)
    {
        if (context.Features.Get<PersonalDataMaskingFeature>() is not null)
        {
            return;
        }

        var settings = options.CurrentValue;
        var principal = context.User;
        var endpoint = context.GetEndpoint();
        var resource = EndpointResource.Of(context.Request.Method, endpoint);
        var (purpose, purposeStated) = PurposeOf(context, endpoint, settings);

        string? refusal;
        if (!await evaluator.HasPermissionAsync(principal, DataGuardPermissions.ViewPersonalData, context.RequestAborted).ConfigureAwait(false))
        {
            refusal = "missing permission " + DataGuardPermissions.ViewPersonalData;
        }
        else if (purposeStated && purpose is null)
        {
            refusal = "invalid purpose";
        }
        else if (purpose is null)
        {
            refusal = settings.RequirePurpose ? "no purpose stated" : null;
        }
        else if (settings.AllowedPurposes.Count > 0 && !settings.AllowedPurposes.Contains(purpose))
        {
            refusal = "purpose not allowed";
        }
        else
        {
            refusal = null;
        }

        var feature = new PersonalDataMaskingFeature(unmasked: refusal is null);
        context.Features.Set(feature);
        var attempt = new AuditEvent
        {
            Action = AuditActions.Unmask,
            Resource = resource,
            Purpose = purpose,
            TraceId = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier,
        };

        if (refusal is null)
        {
            MaskingLog.Unmasked(logger, resource, textRedactor?.Redact(purpose) ?? purpose);
            context.Response.OnCompleted(() => audit.WriteAsync(
                AuditEventFactory.Complete(attempt with { Count = feature.Count }, principal, timeProvider, AuditOutcome.Success, redactor: textRedactor)).AsTask());
            return;
        }

        MaskingLog.Masked(logger, resource, refusal);
        if (purposeStated && settings.AuditDeniedAttempts && principal?.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync(AuditEventFactory.Complete(attempt, principal, timeProvider, AuditOutcome.Denied, refusal, textRedactor), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static (string? Purpose, bool Stated) PurposeOf(HttpContext context, Endpoint? endpoint, PersonalDataMaskingOptions settings)
    {
        string? purpose = endpoint?.Metadata.GetMetadata<PersonalDataPurposeAttribute>()?.Purpose;
        if (purpose is null)
        {
            var header = context.Request.Headers[settings.PurposeHeaderName];
            if (header.Count == 0)
            {
                return (null, false);
            }

            purpose = header.Count == 1 ? header[0]?.Trim() : null;
        }

        return (IsValid(purpose, settings.MaxPurposeLength) ? purpose : null, true);
    }

    private static bool IsValid(string? purpose, int maxLength)
    {
        if (string.IsNullOrEmpty(purpose) || purpose.Length > maxLength)
        {
            return false;
        }

        foreach (var c in purpose)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
