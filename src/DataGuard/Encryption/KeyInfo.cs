// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Encryption;

/// <summary>
/// What the key ring knows about one key: metadata only, never material.
/// </summary>
public sealed class KeyInfo
{
    /// <summary>Gets the key id.</summary>
    public required KeyId Id { get; init; }

    /// <summary>Gets what the key is used for.</summary>
    public required KeyPurpose Purpose { get; init; }

    /// <summary>Gets the scope of the key (<see langword="null"/>: application-wide).</summary>
    public string? Scope { get; init; }

    /// <summary>Gets when the key was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the key became (or becomes) active.</summary>
    public required DateTimeOffset ActivatedAt { get; init; }

    /// <summary>Gets when the key was destroyed, or <see langword="null"/>.</summary>
    public DateTimeOffset? DestroyedAt { get; init; }

    /// <summary>Gets a value indicating whether this key protects new values (data keys) or computes new indexes (index keys).</summary>
    public required bool IsActive { get; init; }

    /// <summary>Gets why the key cannot be used (for example, its material could not be unwrapped), or <see langword="null"/>.</summary>
    public string? UnavailableReason { get; init; }
}
