// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Auditing;

/// <summary>A row of the <c>DataGuardAuditSubjects</c> table: one subject hash of one record (the index behind access history).</summary>
internal sealed class DataGuardAuditSubjectEntity
{
    /// <summary>Gets or sets the subject hash.</summary>
    public string SubjectHash { get; set; } = string.Empty;

    /// <summary>Gets or sets the record's id.</summary>
    public long RecordId { get; set; }
}
