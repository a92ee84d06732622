// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.EFCore.PhoneNumbers;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.ChangeTracking;

/// <summary>An encrypted, searchable property with its blind-index shadow property and protector.</summary>
/// <param name="Property">The encrypted property.</param>
/// <param name="IndexProperty">The shadow property that holds its blind index.</param>
/// <param name="Protector">The column's protector.</param>
/// <param name="PhoneNumbers">The phone-number services when the property is a phone number.</param>
internal sealed record SearchableProperty(IProperty Property, IProperty IndexProperty, ColumnProtector Protector, PhoneNumberSettings? PhoneNumbers = null);
