// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// Endpoint metadata stating why an endpoint shows personal data (for example <c>billing-dispute</c>). It satisfies
/// <see cref="PersonalDataMaskingOptions.RequirePurpose"/> for principals holding <see cref="DataGuardPermissions.ViewPersonalData"/>
/// and takes precedence over the purpose header. It is checked against <see cref="PersonalDataMaskingOptions.AllowedPurposes"/>
/// like a header value. Minimal API endpoints use <c>.WithPersonalDataPurpose(...)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class PersonalDataPurposeAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="PersonalDataPurposeAttribute"/> class.</summary>
    /// <param name="purpose">The purpose, for example <c>billing-dispute</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is <see langword="null"/>, empty or white space.</exception>
    public PersonalDataPurposeAttribute(string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        Purpose = purpose;
    }

    /// <summary>Gets the purpose.</summary>
    public string Purpose { get; }
}
