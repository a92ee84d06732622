// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// Marks a string property as a phone number. On save it is parsed with libphonenumber (region: the explicit one, else the
/// tenant's from <see cref="IDataGuardTenantContext"/>, else <c>PhoneNumberOptions.DefaultRegion</c>), stored in E.164 form and
/// rejected with a <see cref="DataGuardValidationException"/> when it is not a valid number. Serialised output is masked for
/// principals without <see cref="DataGuardPermissions.ViewPersonalData"/>. The fluent equivalent is <c>.IsPhoneNumber()</c>.
/// </summary>
/// <remarks>
/// Combine with <c>[Encrypted(Searchable = true)]</c> to search by any written form of the number through the blind index, or with
/// <see cref="TokenizedAttribute"/> to store a token instead of the number.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class PhoneNumberAttribute : Attribute
{
}
