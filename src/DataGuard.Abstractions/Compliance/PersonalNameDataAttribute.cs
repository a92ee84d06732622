// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Classification;

namespace DataGuard.Compliance;

/// <summary>
/// Classifies a log parameter, property or field as a personal name (<see cref="TelephonyTaxonomy.PersonalName"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class PersonalNameDataAttribute : DataClassificationAttribute
{
    /// <summary>
    /// Initializes a new instance of the <see cref="PersonalNameDataAttribute"/> class.
    /// </summary>
    public PersonalNameDataAttribute()
        : base(TelephonyTaxonomy.PersonalName)
    {
    }
}
