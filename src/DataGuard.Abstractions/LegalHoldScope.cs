// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>What a legal hold covers.</summary>
public enum LegalHoldScope
{
    /// <summary>Every row of one tenant.</summary>
    Tenant = 0,

    /// <summary>Every row that names one data subject (matched through each table's own blind index).</summary>
    Subject = 1,

    /// <summary>One row, by entity type and primary key.</summary>
    Record = 2,
}
