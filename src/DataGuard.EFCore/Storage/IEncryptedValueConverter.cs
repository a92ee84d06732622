// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Encryption;

namespace DataGuard.EFCore.Storage;

/// <summary>A DataGuard value converter: gives access to the protector of its column.</summary>
internal interface IEncryptedValueConverter
{
    ColumnProtector Protector { get; }
}
