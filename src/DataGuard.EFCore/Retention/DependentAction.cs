// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Retention;

/// <summary>What purging a principal does to the rows of one of its dependent types (from the EF model's delete behaviour).</summary>
internal enum DependentAction
{
    /// <summary>Cascade: the dependents are deleted first (their own dependents before them).</summary>
    Delete = 0,

    /// <summary>Set null: the dependents' foreign key is set to null.</summary>
    SetNull = 1,

    /// <summary>Restrict or no action (or a required key without cascade): a principal with such dependents is not purged.</summary>
    Block = 2,

    /// <summary>An owned type in its own table: its rows are deleted with raw SQL (owned types cannot be queried on their own).</summary>
    DeleteOwned = 3,
}
