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
    /// <param name="purpose">
    /// Why the value is needed (recorded in the audit event); <see langword="null"/> or empty for none. At most 200 characters, without
    /// control characters or line breaks.
    /// </param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The value, or <see langword="null"/> when the token is unknown or its entry was erased.</returns>
    /// <exception cref="System.ArgumentException"><paramref name="token"/> is empty, or <paramref name="purpose"/> is too long or holds control characters (nothing is audited).</exception>
    /// <exception cref="DataGuardAccessDeniedException">The current principal lacks <see cref="DataGuardPermissions.Detokenize"/>.</exception>
    Task<string?> DetokenizeAsync(string token, string? purpose = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Detokenizes many tokens in one round trip, with one permission check and one audit event. At most 1,000 distinct tokens per
    /// call, so that one call cannot export the whole vault: split larger sets into batches.
    /// </summary>
    /// <param name="tokens">The tokens; repeats are allowed and count once.</param>
    /// <param name="purpose">
    /// Why the values are needed (recorded in the audit event); <see langword="null"/> or empty for none. At most 200 characters, without
    /// control characters or line breaks.
    /// </param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The value of each distinct token found; unknown and erased tokens are absent.</returns>
    /// <exception cref="System.ArgumentException">
    /// A token is empty, there are more than 1,000 distinct tokens, or <paramref name="purpose"/> is too long or holds control characters
    /// (checked before anything is read or audited).
    /// </exception>
    /// <exception cref="DataGuardAccessDeniedException">The current principal lacks <see cref="DataGuardPermissions.Detokenize"/>.</exception>
    Task<IReadOnlyDictionary<string, string>> DetokenizeManyAsync(IReadOnlyCollection<string> tokens, string? purpose = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the vault entry of a value (subject erasure). Tokens already stored elsewhere then resolve to nothing. Requires
    /// <see cref="DataGuardPermissions.ErasePersonalData"/> for the current principal and writes an audit event (action
    /// <see cref="AuditActions.Erase"/>, count 1 when an entry was deleted, 0 when there was none; never the value) whether granted or denied.
    /// </summary>
    /// <param name="value">The value (normalised).</param>
    /// <param name="tenantId">The tenant, or <see langword="null"/> for global tokens.</param>
    /// <param name="purpose">
    /// Why the entry is erased (recorded in the audit event), for example a request reference; <see langword="null"/> or empty for
    /// none. At most 200 characters, without control characters or line breaks.
    /// </param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when an entry was deleted.</returns>
    /// <exception cref="System.ArgumentException"><paramref name="value"/> is empty, or <paramref name="purpose"/> is too long or holds control characters (nothing is audited).</exception>
    /// <exception cref="DataGuardAccessDeniedException">The current principal lacks <see cref="DataGuardPermissions.ErasePersonalData"/>.</exception>
    Task<bool> DeleteAsync(string value, string? tenantId, string? purpose = null, CancellationToken cancellationToken = default);
}
