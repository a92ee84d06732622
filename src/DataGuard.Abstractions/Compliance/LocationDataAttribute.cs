// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Classification;

namespace DataGuard.Compliance;

/// <summary>
/// Classifies a log parameter, property or field as location data (<see cref="TelephonyTaxonomy.Location"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class LocationDataAttribute : DataClassificationAttribute
{
    /// <summary>
    /// Initializes a new instance of the <see cref="LocationDataAttribute"/> class.
    /// </summary>
    public LocationDataAttribute()
        : base(TelephonyTaxonomy.Location)
    {
    }
}
