// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.EFCore.Tokenization;

/// <summary>
/// A row of the <c>DataGuardTokens</c> vault table: one value of one tenant and its token. The value is stored only as AEAD
/// ciphertext bound to the logical name <c>DataGuardTokens.Value</c>; it is found through <see cref="Lookup"/>, a blind index of the
/// length-prefixed (tenant, value) pair.
/// </summary>
internal sealed class DataGuardTokenEntity
{
    /// <summary>Gets or sets the blind index of (tenant, value); the primary key.</summary>
    public string Lookup { get; set; } = string.Empty;

    /// <summary>Gets or sets the token (unique).</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>Gets or sets the encrypted value.</summary>
    public string Value { get; set; } = string.Empty;

    /// <summary>Gets or sets the tenant, or <see langword="null"/> for global tokens.</summary>
    public string? TenantId { get; set; }

    /// <summary>Gets or sets the token format (<see cref="TokenFormat"/>).</summary>
    public int Format { get; set; }

    /// <summary>Gets or sets when the entry was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
