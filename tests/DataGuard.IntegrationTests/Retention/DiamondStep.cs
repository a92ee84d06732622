// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A step of a case (cascade from the case).</summary>
public sealed class DiamondStep
{
    public long Id { get; set; }

    public long CaseId { get; set; }
}
