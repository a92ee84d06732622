// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Auditing;

/// <summary>How audit events reach the store.</summary>
public enum AuditWriteMode
{
    /// <summary>Events go through a bounded buffer drained in batches by a hosted service, flushed on graceful shutdown; a full buffer makes writers wait.</summary>
    Buffered = 0,

    /// <summary>Each write is stored before it returns; EF Core changes are audited inside the saving context's transaction when it has one.</summary>
    Synchronous = 1,
}
