// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// How DataGuard masks personal data in JSON responses: string properties marked <see cref="PhoneNumberAttribute"/> or
/// <see cref="MaskedAttribute"/> are masked unless the request's principal holds <see cref="DataGuardPermissions.ViewPersonalData"/>
/// and, when <see cref="RequirePurpose"/> is on, states an allowed purpose. Validated at start-up.
/// </summary>
public sealed class PersonalDataMaskingOptions
{
    /// <summary>The default name of the header that states a purpose.</summary>
    public const string DefaultPurposeHeaderName = "X-DataGuard-Purpose";

    /// <summary>Gets or sets which responses mask. The default is <see cref="MaskingScope.Endpoint"/> (opt-in per endpoint).</summary>
    public MaskingScope Scope { get; set; } = MaskingScope.Endpoint;

    /// <summary>
    /// Gets or sets a value indicating whether a principal holding <see cref="DataGuardPermissions.ViewPersonalData"/> must also state
    /// a purpose (header <see cref="PurposeHeaderName"/> or <see cref="PersonalDataPurposeAttribute"/> metadata) to see raw values.
    /// The default is <see langword="true"/>.
    /// </summary>
    public bool RequirePurpose { get; set; } = true;

    /// <summary>Gets or sets the request header that states a purpose. The default is <c>X-DataGuard-Purpose</c>; it must be a valid header name.</summary>
    public string PurposeHeaderName { get; set; } = DefaultPurposeHeaderName;

    /// <summary>
    /// Gets the purposes that unmask (compared ignoring case). Empty, the default, allows any purpose. A purpose outside a non-empty
    /// list keeps the response masked and is audited as <see cref="AuditOutcome.Denied"/>.
    /// </summary>
    public ISet<string> AllowedPurposes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets the longest purpose accepted, in characters (1 to 1000). The default is 100. A longer purpose, or one holding
    /// control characters, is treated as no valid purpose and is never written to the audit trail.
    /// </summary>
    public int MaxPurposeLength { get; set; } = 100;

    /// <summary>Gets or sets the policy for masking phone numbers, or <see langword="null"/> (the default) for the masker's default.</summary>
    public PhoneMaskingPolicy? PhoneMaskingPolicy { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether refused unmasking attempts are audited as <see cref="AuditOutcome.Denied"/>: an
    /// authenticated principal states a purpose without holding the permission, or states a purpose that is not allowed or not valid.
    /// The default is <see langword="true"/>. Anonymous requests are never audited (they would let anyone flood the trail).
    /// </summary>
    public bool AuditDeniedAttempts { get; set; } = true;
}
