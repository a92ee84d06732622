// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.DataProtection;

namespace DataGuard.Encryption;

/// <summary>
/// The default key-encryption key: ASP.NET Core Data Protection under a dedicated purpose, with the key id as sub-purpose
/// so that a wrapped key cannot be moved to another key record.
/// </summary>
internal sealed class DataProtectionKeyEncryptionKey(IDataProtectionProvider provider) : IKeyEncryptionKey
{
    public const string Purpose = "DataGuard.KeyRing.v1";
    public const string KekId = "DataProtection";

    public string Id => KekId;

    public ValueTask<byte[]> WrapKeyAsync(ReadOnlyMemory<byte> keyMaterial, KeyId keyId, CancellationToken cancellationToken)
    {
        var protector = provider.CreateProtector(Purpose, keyId.ToString());
        var copy = keyMaterial.ToArray();
        try
        {
            return ValueTask.FromResult(protector.Protect(copy));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public ValueTask<byte[]> UnwrapKeyAsync(ReadOnlyMemory<byte> wrappedKey, KeyId keyId, CancellationToken cancellationToken)
    {
        var protector = provider.CreateProtector(Purpose, keyId.ToString());
        return ValueTask.FromResult(protector.Unprotect(wrappedKey.ToArray()));
    }
}
