// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;

namespace DataGuard.Auditing;

/// <summary>Seals events into a stream's hash chain and verifies chains.</summary>
/// <remarks>
/// <para>
/// <b>Sealing.</b> The events after a head get the sequence numbers <c>head + 1, head + 2, ...</c>; each record carries the hash of the
/// one before it (<see langword="null"/> for the first record of a stream) and its own hash over its canonical encoding
/// (<see cref="AuditCanonicalEncoding"/>, which includes the stream, the sequence, the previous hash and the key id). The hash is the
/// lower-case hex of SHA-256 (<see cref="AuditChainMode.Unkeyed"/>) or of HMAC-SHA256 (<see cref="AuditChainMode.Keyed"/>) under a key
/// derived with HKDF from the key ring's active blind-index key for the reserved name <see cref="ChainKeyName"/> (the derivation of
/// <see cref="DataKey.ComputeIndex"/>, keeping all 32 bytes of the MAC); the record names that index key in <see cref="AuditRecord.KeyId"/>.
/// After an index-key rotation new records are keyed under the new key; older records stay verifiable as long as their key is in the ring
/// and not destroyed.
/// </para>
/// <para>
/// <b>Verification</b> checks, record by record in sequence order: consecutive sequence numbers (<see cref="AuditChainFailure.SequenceGap"/>),
/// the record's mode against the configured mode (<see cref="AuditChainFailure.ModeMismatch"/>: a keyed chain never accepts an unkeyed
/// record, so a database writer cannot downgrade it), the chain key (<see cref="AuditChainFailure.UnknownKey"/>), the hash, compared in
/// constant time (<see cref="AuditChainFailure.HashMismatch"/>), then the link to the previous record (<see cref="AuditChainFailure.BrokenLink"/>),
/// and reports the first failure. Verification from a later sequence trusts the previous hash of its first record. Without a
/// checkpoint, a truncated tail is indistinguishable from a shorter stream.
/// </para>
/// </remarks>
internal sealed class AuditChain
{
    /// <summary>The reserved logical name the chain key is derived for (no column may use it).</summary>
    public const string ChainKeyName = "dataguard:audit:chain";

    private const int HashSize = 32;

    private readonly Func<KeyRing?> _ring;

    /// <summary>Creates a chain hasher.</summary>
    /// <param name="mode">How records are hashed.</param>
    /// <param name="ring">Resolves the key ring (needed in keyed mode only; resolved on first use).</param>
    public AuditChain(AuditChainMode mode, Func<KeyRing?> ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        Mode = mode;
        _ring = ring;
    }

    /// <summary>Gets how this chain hashes (and expects) records.</summary>
    public AuditChainMode Mode { get; }

    /// <summary>Seals events (already validated and redacted by the pipeline) after <paramref name="head"/>; normalises timestamps to whole microseconds UTC.</summary>
    /// <exception cref="InvalidOperationException">The chain is keyed and no key ring is configured, or its index key is unusable.</exception>
    public IReadOnlyList<AuditRecord> Seal(string stream, AuditChainHead head, IReadOnlyList<AuditEvent> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(head.Sequence);
        var key = Mode == AuditChainMode.Keyed ? RequireRing().Current.ActiveIndexKey : null;
        var keyId = key?.Id.ToString();
        var records = new AuditRecord[events.Count];
        var previous = head.Hash;
        var sequence = head.Sequence;
        Span<byte> hash = stackalloc byte[HashSize];
        for (var i = 0; i < events.Count; i++)
        {
            var auditEvent = AuditCanonicalEncoding.Normalize(events[i]);
            sequence++;
            ComputeHash(key, AuditCanonicalEncoding.Encode(stream, sequence, previous, keyId, auditEvent), hash);
            var text = Convert.ToHexStringLower(hash);
            records[i] = new AuditRecord
            {
                Stream = stream,
                Sequence = sequence,
                Event = auditEvent,
                PreviousHash = previous,
                Hash = text,
                KeyId = keyId,
            };
            previous = text;
        }

        return records;
    }

    /// <summary>
    /// Verifies records of one stream read in sequence order, from <paramref name="fromSequence"/> to <paramref name="toSequence"/>
    /// (or the last record), optionally against a checkpoint.
    /// </summary>
    /// <param name="stream">The stream the records were read from.</param>
    /// <param name="records">The records, in sequence order.</param>
    /// <param name="fromSequence">The first sequence expected; when above 1, the first record's previous hash is trusted.</param>
    /// <param name="toSequence">The last sequence expected (a stream ending earlier is <see cref="AuditChainFailure.Truncated"/>), or <see langword="null"/>.</param>
    /// <param name="checkpoint">A checkpoint of the stream the records must still hold, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AuditVerificationResult> VerifyAsync(
        string stream,
        IAsyncEnumerable<AuditRecord> records,
        long fromSequence = 1,
        long? toSequence = null,
        AuditCheckpoint? checkpoint = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        var keys = new Dictionary<string, DataKey?>(StringComparer.Ordinal);
        var expected = fromSequence;
        string? previousHash = null;
        long checkedCount = 0;
        var computed = new byte[HashSize];
        var stored = new byte[HashSize];
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (toSequence is { } last && expected > last)
            {
                break;
            }

            var failure = Check(stream, record, expected, previousHash, keys, computed, stored, out var message);
            if (failure == AuditChainFailure.None && checkpoint is not null && record.Sequence == checkpoint.Sequence
                && !string.Equals(record.Hash, checkpoint.HeadHash, StringComparison.Ordinal))
            {
                failure = AuditChainFailure.CheckpointMismatch;
                message = "does not carry the hash of the checkpoint taken at this sequence: the chain was rewritten since the checkpoint";
            }

            if (failure != AuditChainFailure.None)
            {
                return Failed(stream, checkedCount, failure, expected, message);
            }

            previousHash = record.Hash;
            checkedCount++;
            expected++;
        }

        var end = expected - 1;
        if (toSequence is { } to && end < to)
        {
            return Failed(stream, checkedCount, AuditChainFailure.Truncated, expected, $"ends at sequence {end.ToString(CultureInfo.InvariantCulture)}, before the requested sequence {to.ToString(CultureInfo.InvariantCulture)}: the tail was truncated");
        }

        if (checkpoint is not null && end < checkpoint.Sequence)
        {
            return Failed(stream, checkedCount, AuditChainFailure.Truncated, expected, $"ends at sequence {end.ToString(CultureInfo.InvariantCulture)}, before the checkpoint's sequence {checkpoint.Sequence.ToString(CultureInfo.InvariantCulture)}: the tail was truncated");
        }

        return new AuditVerificationResult(stream, checkedCount, AuditChainFailure.None, null, $"{checkedCount.ToString(CultureInfo.InvariantCulture)} records verified.");
    }

    /// <summary>Computes the chain hash of canonical bytes under <paramref name="key"/> (HMAC) or none (SHA-256).</summary>
    internal static void ComputeHash(DataKey? key, ReadOnlySpan<byte> canonical, Span<byte> destination)
    {
        if (key is null)
        {
            SHA256.HashData(canonical, destination);
            return;
        }

        try
        {
            key.ComputeIndex(ChainKeyName, canonical, destination);
        }
        catch (ObjectDisposedException ex)
        {
            throw new InvalidOperationException($"The audit chain key {key.Id} was destroyed or released while in use.", ex);
        }
    }

    private static AuditVerificationResult Failed(string stream, long checkedCount, AuditChainFailure failure, long sequence, string message)
        => new(stream, checkedCount, failure, sequence, $"Record {sequence.ToString(CultureInfo.InvariantCulture)} {message}.");

    private AuditChainFailure Check(
        string stream,
        AuditRecord record,
        long expected,
        string? previousHash,
        Dictionary<string, DataKey?> keys,
        byte[] computed,
        byte[] stored,
        out string message)
    {
        if (record.Sequence != expected)
        {
            message = record.Sequence > expected
                ? $"is missing: the next record has sequence {record.Sequence.ToString(CultureInfo.InvariantCulture)} (a record was removed)"
                : $"is out of order: a record with sequence {record.Sequence.ToString(CultureInfo.InvariantCulture)} appears in its place (a record was inserted or moved)";
            return AuditChainFailure.SequenceGap;
        }

        DataKey? key = null;
        if (Mode == AuditChainMode.Keyed)
        {
            if (record.KeyId is null)
            {
                message = "is not keyed although the chain is keyed (written unkeyed, or downgraded to forge it)";
                return AuditChainFailure.ModeMismatch;
            }

            key = FindKey(record.KeyId, keys);
            if (key is null)
            {
                message = KeyId.TryParse(record.KeyId, out var id)
                    ? $"is keyed with key {id}, which the key ring does not hold or holds destroyed"
                    : "names a chain key id that is not a key id";
                return AuditChainFailure.UnknownKey;
            }
        }
        else if (record.KeyId is not null)
        {
            message = "is keyed although the chain is unkeyed";
            return AuditChainFailure.ModeMismatch;
        }

        try
        {
            ComputeHash(key, AuditCanonicalEncoding.Encode(stream, record), computed);
        }
        catch (InvalidOperationException)
        {
            message = $"is keyed with key {record.KeyId}, which was destroyed or released";
            return AuditChainFailure.UnknownKey;
        }

        if (!string.Equals(record.Stream, stream, StringComparison.Ordinal) || !TryDecodeHash(record.Hash, stored) || !CryptographicOperations.FixedTimeEquals(computed, stored))
        {
            message = "does not match its hash: the record was edited";
            return AuditChainFailure.HashMismatch;
        }

        if (expected == 1 ? record.PreviousHash is not null : previousHash is not null && !string.Equals(record.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            message = "does not link to the record before it: a record was removed, inserted or moved";
            return AuditChainFailure.BrokenLink;
        }

        message = string.Empty;
        return AuditChainFailure.None;
    }

    private static bool TryDecodeHash(string? text, Span<byte> destination)
    {
        if (text is null || text.Length != 2 * HashSize)
        {
            return false;
        }

        // Only the lower-case hex the chain writes is accepted: any other spelling of the same bytes is a changed record.
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return Convert.FromHexString(text, destination, out _, out var written) == System.Buffers.OperationStatus.Done && written == HashSize;
    }

    private DataKey? FindKey(string keyIdText, Dictionary<string, DataKey?> keys)
    {
        if (keys.TryGetValue(keyIdText, out var cached))
        {
            return cached;
        }

        DataKey? key = null;
        if (KeyId.TryParse(keyIdText, out var id) && string.Equals(id.ToString(), keyIdText, StringComparison.Ordinal))
        {
            var found = RequireRing().FindKey(id);
            key = found is { IsDestroyed: false, UnavailableReason: null, Purpose: KeyPurpose.BlindIndex } ? found : null;
        }

        keys[keyIdText] = key;
        return key;
    }

    private KeyRing RequireRing() => _ring() ?? throw new InvalidOperationException(
        "The DataGuard audit chain is keyed (AuditOptions.ChainMode = Keyed) but no key ring is configured. Call AddFieldEncryption() "
        + "with a key store in AddDataGuard(...), or set AuditOptions.ChainMode to Unkeyed.");
}
