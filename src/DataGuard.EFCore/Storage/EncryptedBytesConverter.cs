// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.EFCore.PhoneNumbers;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataGuard.EFCore.Storage;

/// <summary>Stores a byte array as the raw ciphertext envelope.</summary>
internal sealed class EncryptedBytesConverter(ColumnProtector protector)
    : ValueConverter<byte[], byte[]>(v => protector.EncryptBytes(v), v => protector.DecryptBytes(v)!), IEncryptedValueConverter
{
    public ColumnProtector Protector { get; } = protector;

    public PhoneNumberSettings? PhoneNumbers => null;
}
