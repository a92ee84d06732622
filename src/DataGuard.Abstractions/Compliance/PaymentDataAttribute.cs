// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Classification;

namespace DataGuard.Compliance;

/// <summary>
/// Classifies a log parameter, property or field as payment data (<see cref="TelephonyTaxonomy.PaymentData"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class PaymentDataAttribute : DataClassificationAttribute
{
    /// <summary>
    /// Initializes a new instance of the <see cref="PaymentDataAttribute"/> class.
    /// </summary>
    public PaymentDataAttribute()
        : base(TelephonyTaxonomy.PaymentData)
    {
    }
}
