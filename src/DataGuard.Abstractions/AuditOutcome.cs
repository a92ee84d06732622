// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    /// <summary>The action succeeded.</summary>
    Success = 0,

    /// <summary>The action was refused for lack of a permission or a purpose.</summary>
    Denied = 1,

    /// <summary>The action failed.</summary>
    Failed = 2,
}
