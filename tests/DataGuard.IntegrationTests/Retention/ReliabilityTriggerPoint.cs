// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>Where <see cref="ReliabilityDeleteWatch"/> acts around its chosen DELETE statement.</summary>
public enum ReliabilityTriggerPoint
{
    /// <summary>Just before the statement runs.</summary>
    BeforeStatement = 0,

    /// <summary>Just after the statement ran, before its transaction (if any) commits.</summary>
    AfterStatement = 1,

    /// <summary>After the statement's transaction committed (after the statement when it ran without one).</summary>
    AfterCommit = 2,
}
