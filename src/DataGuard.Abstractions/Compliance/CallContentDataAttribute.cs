// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Classification;

namespace DataGuard.Compliance;

/// <summary>
/// Classifies a log parameter, property or field as call content (recording, transcript, voicemail text) (<see cref="TelephonyTaxonomy.CallContent"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class CallContentDataAttribute : DataClassificationAttribute
{
    /// <summary>
    /// Initializes a new instance of the <see cref="CallContentDataAttribute"/> class.
    /// </summary>
    public CallContentDataAttribute()
        : base(TelephonyTaxonomy.CallContent)
    {
    }
}
