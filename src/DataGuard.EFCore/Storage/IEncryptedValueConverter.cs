// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.EFCore.PhoneNumbers;
using DataGuard.Encryption;

namespace DataGuard.EFCore.Storage;

/// <summary>A DataGuard value converter: gives access to the protector of its column.</summary>
internal interface IEncryptedValueConverter
{
    ColumnProtector Protector { get; }

    /// <summary>Gets the phone-number services when the property is a phone number (query values are normalised to E.164 first).</summary>
    PhoneNumberSettings? PhoneNumbers { get; }
}
