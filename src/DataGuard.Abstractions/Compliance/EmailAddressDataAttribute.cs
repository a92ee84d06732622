// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Classification;

namespace DataGuard.Compliance;

/// <summary>
/// Classifies a log parameter, property or field as an e-mail address (<see cref="TelephonyTaxonomy.EmailAddress"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class EmailAddressDataAttribute : DataClassificationAttribute
{
    /// <summary>
    /// Initializes a new instance of the <see cref="EmailAddressDataAttribute"/> class.
    /// </summary>
    public EmailAddressDataAttribute()
        : base(TelephonyTaxonomy.EmailAddress)
    {
    }
}
