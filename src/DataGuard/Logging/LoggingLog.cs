// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace DataGuard.Logging;

/// <summary>
/// The log redaction's own log messages (event ids 1300-1399).
/// </summary>
internal static partial class LoggingLog
{
    [LoggerMessage(1300, LogLevel.Warning, "The DataGuard log safety net is on but PhoneNumberOptions.DefaultRegion is not set: it finds only phone numbers written with + or 00 and a country code, so national numbers (9876543210) are logged as they are. Set the region in AddPhoneNumbers(o => o.DefaultRegion = \"IN\").")]
    public static partial void SafetyNetWithoutDefaultRegion(ILogger logger);
}
