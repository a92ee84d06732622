// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Classification;

namespace DataGuard.Compliance;

/// <summary>
/// Classifies a log parameter, property or field as a phone number (<see cref="TelephonyTaxonomy.PhoneNumber"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class PhoneNumberDataAttribute : DataClassificationAttribute
{
    /// <summary>
    /// Initializes a new instance of the <see cref="PhoneNumberDataAttribute"/> class.
    /// </summary>
    public PhoneNumberDataAttribute()
        : base(TelephonyTaxonomy.PhoneNumber)
    {
    }
}
