// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Auditing;

/// <summary>The model annotations of the audit trail. <see cref="DataSubjectAttribute"/> and <c>.IsDataSubject()</c> both end as <see cref="DataSubject"/>.</summary>
internal static class AuditAnnotationNames
{
    /// <summary>Marks the property whose value identifies the row's data subject (<see langword="true"/>).</summary>
    public const string DataSubject = "DataGuard:DataSubject";

    /// <summary>The runtime annotation that caches the audit tables' mapping on the record entity type.</summary>
    public const string AuditTables = "DataGuard:AuditTables";

    /// <summary>The runtime annotation that caches which entity types hold personal data.</summary>
    public const string AuditedEntityTypes = "DataGuard:AuditedEntityTypes";
}
