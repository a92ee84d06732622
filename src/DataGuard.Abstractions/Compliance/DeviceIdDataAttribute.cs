// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Classification;

namespace DataGuard.Compliance;

/// <summary>
/// Classifies a log parameter, property or field as a device identifier (<see cref="TelephonyTaxonomy.DeviceId"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class DeviceIdDataAttribute : DataClassificationAttribute
{
    /// <summary>
    /// Initializes a new instance of the <see cref="DeviceIdDataAttribute"/> class.
    /// </summary>
    public DeviceIdDataAttribute()
        : base(TelephonyTaxonomy.DeviceId)
    {
    }
}
