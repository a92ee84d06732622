// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Auditing;

/// <summary>SKELETON: helper A implements <see cref="IAuditTrail"/> here.</summary>
internal sealed class AuditTrail
{
}
