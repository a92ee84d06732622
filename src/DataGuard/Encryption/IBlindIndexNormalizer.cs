// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Encryption;

/// <summary>
/// Normalises a string before its blind index is computed, so that values equal for the application
/// (<c>"+91 98765 43210"</c> and <c>"+919876543210"</c>) find the same rows. Selected per property by <see cref="Name"/>.
/// </summary>
/// <remarks>
/// Implementations must be deterministic, thread-safe and free of side effects; their output is hashed, never stored.
/// Changing what a normaliser returns for a value makes rows indexed before the change unfindable until the
/// re-indexing job (index-key rotation) has run.
/// </remarks>
public interface IBlindIndexNormalizer
{
    /// <summary>Gets the name properties use to select this normaliser (for example <c>case-insensitive</c>).</summary>
    string Name { get; }

    /// <summary>Normalises a value.</summary>
    /// <param name="value">The value as the application holds it.</param>
    /// <returns>The normalised form that is hashed.</returns>
    string Normalize(string value);
}
