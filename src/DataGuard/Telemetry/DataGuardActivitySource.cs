// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace DataGuard.Telemetry;

/// <summary>
/// The engine's single <see cref="ActivitySource"/>. Spans cover coarse operations only (key-ring loads, jobs).
/// </summary>
internal static class DataGuardActivitySource
{
    public static readonly ActivitySource Instance = new(DataGuardDiagnostics.ActivitySourceName);
}
