// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.AspNetCore.Auditing;

/// <summary>
/// Endpoint metadata that makes <c>app.UseDataGuardAudit()</c> write one <see cref="AuditActions.Request"/> audit event for every call
/// of the endpoint, with the principal, the outcome (including 401 and 403), the stated purpose and the data subjects touched during
/// the request. Put it on a controller or an action; minimal API endpoints and route groups use <c>.AuditPersonalData(purpose)</c>, which
/// adds this metadata. When an endpoint has several, the last added wins: an action's attribute over its controller's, an endpoint's
/// convention over its group's.
/// </summary>
/// <remarks>
/// Start-up fails when endpoints carry this metadata but <c>app.UseDataGuardAudit()</c> is not in the pipeline (with
/// <c>AddAspNetCoreAudit()</c> registered).
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AuditPersonalDataAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="AuditPersonalDataAttribute"/> class without a purpose.</summary>
    public AuditPersonalDataAttribute()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditPersonalDataAttribute"/> class.</summary>
    /// <param name="purpose">Why the endpoint handles personal data, for example <c>billing-dispute</c>; written to every event.</param>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is <see langword="null"/>, empty or white space.</exception>
    public AuditPersonalDataAttribute(string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        Purpose = purpose;
    }

    /// <summary>Gets the purpose written to the endpoint's audit events, or <see langword="null"/> when none is stated.</summary>
    public string? Purpose { get; }
}
