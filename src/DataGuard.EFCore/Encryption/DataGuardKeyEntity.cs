// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.EFCore.Encryption;

/// <summary>A row of the <c>DataGuardKeys</c> table: one key of the ring, wrapped by the key-encryption key.</summary>
internal sealed class DataGuardKeyEntity
{
    public Guid Id { get; set; }

    public int Purpose { get; set; }

    public string? Scope { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ActivatedAt { get; set; }

    public DateTimeOffset? DestroyedAt { get; set; }

    public byte[]? WrappedKey { get; set; }

    public string KeyEncryptionKeyId { get; set; } = string.Empty;
}
