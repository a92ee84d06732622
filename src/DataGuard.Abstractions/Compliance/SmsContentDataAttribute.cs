// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Classification;

namespace DataGuard.Compliance;

/// <summary>
/// Classifies a log parameter, property or field as the content of an SMS or chat message (<see cref="TelephonyTaxonomy.SmsContent"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class SmsContentDataAttribute : DataClassificationAttribute
{
    /// <summary>
    /// Initializes a new instance of the <see cref="SmsContentDataAttribute"/> class.
    /// </summary>
    public SmsContentDataAttribute()
        : base(TelephonyTaxonomy.SmsContent)
    {
    }
}
