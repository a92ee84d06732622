// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.EFCore.PhoneNumbers;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataGuard.EFCore.Storage;

/// <summary>Stores a value type as base64url ciphertext of its documented byte encoding.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class EncryptedValueConverter<T>(ColumnProtector protector)
    : ValueConverter<T, string>(v => protector.EncryptValue(v), v => protector.DecryptValue<T>(v)), IEncryptedValueConverter
    where T : struct
{
    public ColumnProtector Protector { get; } = protector;

    public PhoneNumberSettings? PhoneNumbers => null;
}
