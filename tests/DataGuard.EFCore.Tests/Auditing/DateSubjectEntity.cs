// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>An invalid model: a date cannot identify a data subject.</summary>
public sealed class DateSubjectEntity
{
    public int Id { get; set; }

    [DataSubject]
    public DateTime Born { get; set; }
}
