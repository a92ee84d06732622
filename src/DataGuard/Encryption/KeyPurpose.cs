// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Encryption;

/// <summary>What a key of the key ring is used for.</summary>
public enum KeyPurpose
{
    /// <summary>A data-encryption key (DEK): encrypts and decrypts values.</summary>
    DataEncryption = 1,

    /// <summary>A blind-index key: computes the keyed HMACs that make encrypted values searchable by equality.</summary>
    BlindIndex = 2,
}
