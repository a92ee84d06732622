// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// Marks a property as personal data that serialised output masks, by <see cref="Rule"/>, for principals without
/// <see cref="DataGuardPermissions.ViewPersonalData"/>. Properties marked <see cref="PhoneNumberAttribute"/> are masked as phone
/// numbers without this attribute. Works on entities and DTOs alike.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class MaskedAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="MaskedAttribute"/> class.</summary>
    /// <param name="rule">How the value is masked.</param>
    public MaskedAttribute(MaskingRule rule = MaskingRule.Full) => Rule = rule;

    /// <summary>Gets how the value is masked.</summary>
    public MaskingRule Rule { get; }
}
