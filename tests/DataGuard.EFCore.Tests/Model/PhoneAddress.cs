// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Model;

/// <summary>An owned type with a phone number.</summary>
public sealed class PhoneAddress
{
    public string City { get; set; } = "";

    [PhoneNumber]
    public string? Landline { get; set; }
}
