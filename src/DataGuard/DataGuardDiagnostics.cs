// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// The names under which DataGuard publishes metrics (<see cref="System.Diagnostics.Metrics.Meter"/>) and traces
/// (<see cref="System.Diagnostics.ActivitySource"/>).
/// </summary>
/// <remarks>
/// Tags and log messages carry key ids, entity and property names and counts only: never phone numbers, subject ids, plaintext or tokens.
/// </remarks>
public static class DataGuardDiagnostics
{
    /// <summary>The meter and activity source name of the engine package.</summary>
    public const string MeterName = "DataGuard";

    /// <summary>The meter and activity source name of the EF Core package.</summary>
    public const string EntityFrameworkCoreMeterName = "DataGuard.EFCore";

    /// <summary>The meter and activity source name of the ASP.NET Core package.</summary>
    public const string AspNetCoreMeterName = "DataGuard.AspNetCore";

    /// <summary>The activity source name of the engine package.</summary>
    public const string ActivitySourceName = MeterName;
}
