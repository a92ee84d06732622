// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>What the reliability tests expect of a row: the engine never reads this column, the assertions do.</summary>
public enum ReliabilityRowGroup
{
    /// <summary>Past its period and not held: must be purged.</summary>
    Expired = 0,

    /// <summary>Within its period: must stay.</summary>
    Live = 1,

    /// <summary>Past its period but its tenant is held: must stay.</summary>
    TenantHeld = 2,

    /// <summary>Past its period but its caller is held (subject hold): must stay.</summary>
    SubjectHeld = 3,
}
