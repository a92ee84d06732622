// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Auditing;

/// <summary>A row of the <c>DataGuardAuditStreams</c> table: the head of one stream, the row appenders lock to serialise.</summary>
internal sealed class DataGuardAuditStreamEntity
{
    /// <summary>Gets or sets the stream.</summary>
    public string Stream { get; set; } = string.Empty;

    /// <summary>Gets or sets the sequence of the last record (0 when none).</summary>
    public long Sequence { get; set; }

    /// <summary>Gets or sets the hash of the last record.</summary>
    public string? Hash { get; set; }
}
