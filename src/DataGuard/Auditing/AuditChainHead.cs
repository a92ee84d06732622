// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Auditing;

/// <summary>The last record of a stream: its sequence number (0 when empty) and hash.</summary>
internal readonly record struct AuditChainHead(long Sequence, string? Hash)
{
    public static AuditChainHead Empty => new(0, null);
}
