// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// Turns a data subject's identifier (a phone number, an e-mail address, a customer id) into the keyed hash audit records carry: the
/// same subject always gives the same hash (phone numbers are normalised to E.164 first), and the hash reveals nothing without the key.
/// </summary>
public interface IAuditSubjectHasher
{
    /// <summary>Hashes an identifier under the active index key.</summary>
    /// <param name="identifier">The raw identifier.</param>
    /// <returns>The hash, as stored in <see cref="AuditEvent.Subjects"/>.</returns>
    string Hash(string identifier);

    /// <summary>Hashes an identifier under every index key that may have hashed it (for lookups across index-key rotations).</summary>
    /// <param name="identifier">The raw identifier.</param>
    /// <returns>The candidate hashes.</returns>
    System.Collections.Generic.IReadOnlyList<string> HashCandidates(string identifier);

    /// <summary>Tells whether a value has the shape of a subject hash (so a raw identifier is never stored by mistake).</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is shaped like a hash this hasher produces.</returns>
    bool IsHash(string value);
}
