// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.Auditing;

/// <summary>
/// An anomaly rule: fires when one principal touches more than <see cref="MaxDistinctSubjects"/> distinct data subjects through any of
/// <see cref="Actions"/> within a sliding <see cref="Window"/>.
/// </summary>
public sealed class AuditAnomalyRule
{
    /// <summary>Gets or sets the rule's name, reported in <see cref="AuditAnomaly.Rule"/> and the metric tag.</summary>
    public required string Name { get; set; }

    /// <summary>Gets the actions the rule counts.</summary>
    /// <value>The default is read, export, unmask and detokenize.</value>
    public ISet<string> Actions { get; init; } = new HashSet<string>(StringComparer.Ordinal) { AuditActions.Read, AuditActions.Export, AuditActions.Unmask, AuditActions.Detokenize };

    /// <summary>Gets or sets the largest number of distinct subjects allowed within the window.</summary>
    public int MaxDistinctSubjects { get; set; }

    /// <summary>Gets or sets the sliding window.</summary>
    public TimeSpan Window { get; set; }
}
