// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Logging;

/// <summary>A call row whose number is a plain column, so EF Core's sensitive-data logging writes it as a parameter value.</summary>
public sealed class LoggedCall
{
    public int Id { get; set; }

    public string Caller { get; set; } = string.Empty;
}
