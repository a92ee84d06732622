// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>Why an audit chain failed verification.</summary>
public enum AuditChainFailure
{
    /// <summary>The chain verified.</summary>
    None = 0,

    /// <summary>A record's content does not match its hash: the record was edited.</summary>
    HashMismatch = 1,

    /// <summary>A record's previous hash does not match the hash of the record before it: a record was removed, inserted or moved.</summary>
    BrokenLink = 2,

    /// <summary>The sequence numbers are not consecutive: a record was removed or inserted.</summary>
    SequenceGap = 3,

    /// <summary>The stream ends before the sequence of a checkpoint: the tail was truncated.</summary>
    Truncated = 4,

    /// <summary>The record at a checkpoint's sequence does not carry the checkpoint's hash: the chain was rewritten.</summary>
    CheckpointMismatch = 5,

    /// <summary>A keyed record names a chain key the key ring does not hold (or holds destroyed), so it cannot be verified.</summary>
    UnknownKey = 6,

    /// <summary>A record is not keyed although the chain is keyed, or the other way round.</summary>
    ModeMismatch = 7,
}
