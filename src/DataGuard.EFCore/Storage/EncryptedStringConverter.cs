// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.EFCore.PhoneNumbers;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataGuard.EFCore.Storage;

/// <summary>Stores a string as base64url ciphertext.</summary>
internal sealed class EncryptedStringConverter(ColumnProtector protector)
    : ValueConverter<string, string>(v => protector.EncryptString(v), v => protector.DecryptString(v)!), IEncryptedValueConverter
{
    public ColumnProtector Protector { get; } = protector;

    public PhoneNumberSettings? PhoneNumbers { get; init; }
}
