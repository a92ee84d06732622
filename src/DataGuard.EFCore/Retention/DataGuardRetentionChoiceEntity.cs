// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Retention;

/// <summary>A row of <c>DataGuardRetentionChoices</c>: a tenant's period for one category.</summary>
internal sealed class DataGuardRetentionChoiceEntity
{
    public string TenantId { get; set; } = string.Empty;

    public string Category { get; set; } = string.Empty;

    /// <summary>The period in ticks, or <see langword="null"/> for indefinite.</summary>
    public long? PeriodTicks { get; set; }

    public string ChosenBy { get; set; } = string.Empty;

    public long ChosenAtMicros { get; set; }
}
