// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>What a retention policy does with a row once its retention period has passed.</summary>
public enum RetentionAction
{
    /// <summary>Deletes the row (and its dependents, per the EF model).</summary>
    Delete = 0,

    /// <summary>Keeps the row but sets the policy's personal-data properties to null or a marker (and clears their blind indexes).</summary>
    Anonymize = 1,

    /// <summary>Hands the row's stored (still encrypted) values to the <see cref="IRetentionArchive"/>, then deletes it.</summary>
    Archive = 2,

    /// <summary>Never purges the row (statutory retention): reports show how many rows are past the period, erasure refuses them.</summary>
    Keep = 3,
}
