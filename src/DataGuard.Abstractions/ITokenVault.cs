// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>
/// Swaps values (phone numbers, account ids) for tokens and back. The vault stores each value encrypted and found through a
/// blind index of (tenant, value), so the same value of the same tenant always yields the same token and different tenants get
/// different tokens.
/// </summary>
public interface ITokenVault
{
    /// <summary>Returns the token of a value, creating the vault entry if it does not exist. Safe under concurrency: all callers get one token.</summary>
    /// <param name="value">The value (already normalised: E.164 for phone numbers).</param>
    /// <param name="tenantId">The tenant, or <see langword="null"/> for global tokens.</param>
    /// <param name="format">The token format used when a new token is created.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The token.</returns>
    Task<string> TokenizeAsync(string value, string? tenantId, TokenFormat format = TokenFormat.Opaque, CancellationToken cancellationToken = default);

    /// <summary>Tokenizes many values with a constant number of round trips, not one per value.</summary>
    /// <param name="values">The values; repeats are allowed and get the same token.</param>
    /// <param name="tenantId">The tenant, or <see langword="null"/> for global tokens.</param>
    /// <param name="format">The token format used for new tokens.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The tokens, in the order of <paramref name="values"/>.</returns>
    Task<IReadOnlyList<string>> TokenizeManyAsync(IReadOnlyList<string> values, string? tenantId, TokenFormat format = TokenFormat.Opaque, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the value a token stands for. Requires <see cref="DataGuardPermissions.Detokenize"/> for the current principal and
    /// writes an audit event whether granted or denied.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <param name="purpose">Why the value is needed (recorded in the audit event).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The value, or <see langword="null"/> when the token is unknown or its entry was erased.</returns>
    /// <exception cref="DataGuardAccessDeniedException">The current principal lacks <see cref="DataGuardPermissions.Detokenize"/>.</exception>
    Task<string?> DetokenizeAsync(string token, string? purpose = null, CancellationToken cancellationToken = default);

    /// <summary>Detokenizes many tokens in one round trip, with one permission check and one audit event.</summary>
    /// <param name="tokens">The tokens.</param>
    /// <param name="purpose">Why the values are needed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The value of each distinct token found; unknown and erased tokens are absent.</returns>
    /// <exception cref="DataGuardAccessDeniedException">The current principal lacks <see cref="DataGuardPermissions.Detokenize"/>.</exception>
    Task<IReadOnlyDictionary<string, string>> DetokenizeManyAsync(IReadOnlyCollection<string> tokens, string? purpose = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the vault entry of a value (subject erasure). Tokens already stored elsewhere then resolve to nothing.
    /// </summary>
    /// <param name="value">The value (normalised).</param>
    /// <param name="tenantId">The tenant, or <see langword="null"/> for global tokens.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when an entry was deleted.</returns>
    Task<bool> DeleteAsync(string value, string? tenantId, CancellationToken cancellationToken = default);
}
