// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Auditing;

/// <summary>How audit records are chained.</summary>
public enum AuditChainMode
{
    /// <summary>HMAC-SHA256 under a key derived from the key ring's index key: a database writer without the key cannot forge records.</summary>
    Keyed = 0,

    /// <summary>Plain SHA-256: detects accidental or partial tampering, but anyone who can write the table can recompute the chain.</summary>
    Unkeyed = 1,
}
