// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>An unusual pattern of access found by an anomaly rule of the audit options.</summary>
/// <param name="Rule">The name of the rule that fired.</param>
/// <param name="ActorId">The principal whose access is unusual, if known.</param>
/// <param name="TenantId">The tenant, if any.</param>
/// <param name="DistinctSubjects">How many distinct subjects the principal touched within the window.</param>
/// <param name="Threshold">The rule's threshold that was exceeded.</param>
/// <param name="Window">The rule's window.</param>
/// <param name="DetectedAt">When the anomaly was detected (from <see cref="TimeProvider"/>).</param>
public sealed record AuditAnomaly(string Rule, string? ActorId, string? TenantId, int DistinctSubjects, int Threshold, TimeSpan Window, DateTimeOffset DetectedAt);
