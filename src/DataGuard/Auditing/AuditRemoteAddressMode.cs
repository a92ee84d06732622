// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Auditing;

/// <summary>How much of the caller's network address audit records keep.</summary>
public enum AuditRemoteAddressMode
{
    /// <summary>The network prefix only: IPv4 /24 (last octet zeroed), IPv6 /48.</summary>
    Truncated = 0,

    /// <summary>The full address.</summary>
    Full = 1,

    /// <summary>No address.</summary>
    None = 2,
}
