// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Compliance;
using Microsoft.Extensions.Logging;

namespace DataGuard.Tests.Logging;

/// <summary>Source-generated log messages with classified parameters.</summary>
internal static partial class PhoneLog
{
    [LoggerMessage(1, LogLevel.Information, "Call from {Caller} answered")]
    public static partial void CallAnswered(ILogger logger, [PhoneNumberData] string caller);

    [LoggerMessage(2, LogLevel.Information, "SMS {Body} to {Recipient} from device {Device}")]
    public static partial void SmsSent(ILogger logger, [SmsContentData] string body, [PhoneNumberData] string recipient, [DeviceIdData] string device);
}
