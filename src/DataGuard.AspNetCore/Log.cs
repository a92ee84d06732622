// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace DataGuard.AspNetCore;

/// <summary>
/// The ASP.NET Core package's log messages (event ids 3000-3999). DataGuard exception messages carry names and key ids, never values.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Error, "A DataGuard failure was answered with status {StatusCode}.")]
    public static partial void ProtectedDataFailure(ILogger logger, int statusCode, Exception exception);
}
