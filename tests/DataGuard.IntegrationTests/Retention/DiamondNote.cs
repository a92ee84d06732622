// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A note on a step and on its case: reached from the case along two cascade paths.</summary>
public sealed class DiamondNote
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public long StepId { get; set; }
}
