// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace DataGuard.AspNetCore.Masking;

/// <summary>Log messages of JSON masking (event ids 3100-3199). They name endpoints and purposes, never values.</summary>
internal static partial class MaskingLog
{
    [LoggerMessage(3100, LogLevel.Debug, "Personal data is shown unmasked for {Resource} with purpose {Purpose}.")]
    public static partial void Unmasked(ILogger logger, string? resource, string? purpose);

    [LoggerMessage(3101, LogLevel.Debug, "Personal data stays masked for {Resource}: {Reason}.")]
    public static partial void Masked(ILogger logger, string? resource, string reason);

    [LoggerMessage(3110, LogLevel.Information, "A DataGuard refusal was answered with status {StatusCode}: {Message}")]
    public static partial void Refused(ILogger logger, int statusCode, string message);
}
