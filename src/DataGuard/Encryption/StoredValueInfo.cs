// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Encryption;

/// <summary>What a stored value is, read from its header without decrypting it.</summary>
/// <param name="IsCiphertext">Whether the value carries the DataGuard marker.</param>
/// <param name="KeyId">The key named in the header, when well-formed.</param>
/// <param name="Algorithm">The algorithm named in the header, when well-formed.</param>
internal readonly record struct StoredValueInfo(bool IsCiphertext, KeyId? KeyId, EncryptionAlgorithm? Algorithm);
