// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// Marks the property whose value identifies the data subject of a row (for example the caller's phone number or a customer id).
/// Audit records of the row carry the value's keyed hash (see <see cref="IAuditSubjectHasher"/>), which lets
/// <see cref="IAuditTrail.GetAccessHistoryAsync"/> answer "who accessed my data". The EF Core equivalent is <c>.IsDataSubject()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class DataSubjectAttribute : Attribute
{
}
