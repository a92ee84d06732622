// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace DataGuard;

/// <summary>
/// The engine's log messages (event ids 1000-1999). They carry key ids, names and counts only.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "DataGuard key ring loaded: {KeyCount} keys, active data key {ActiveDataKey}, active index key {ActiveIndexKey}.")]
    public static partial void KeyRingLoaded(ILogger logger, int keyCount, KeyId activeDataKey, KeyId activeIndexKey);

    [LoggerMessage(1001, LogLevel.Information, "DataGuard created {Purpose} key {KeyId}.")]
    public static partial void KeyCreated(ILogger logger, Encryption.KeyPurpose purpose, KeyId keyId);

    [LoggerMessage(1002, LogLevel.Warning, "DataGuard key {KeyId} could not be unwrapped and is unavailable: {Reason}.")]
    public static partial void KeyUnavailable(ILogger logger, KeyId keyId, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "DataGuard key {KeyId} is no longer in the key store; it stays usable until the application restarts.")]
    public static partial void KeyMissingFromStore(ILogger logger, KeyId keyId);

    [LoggerMessage(1004, LogLevel.Warning, "Data Protection has no application name, so its default depends on the deployment path and DataGuard's key ring could not be unwrapped by another instance or after a move. Call services.AddDataProtection().SetApplicationName(\"...\") with one name for every instance.")]
    public static partial void NoDataProtectionApplicationName(ILogger logger);

    [LoggerMessage(1005, LogLevel.Error, "DataGuard could not refresh its key ring; the previous ring stays in use.")]
    public static partial void KeyRingRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(1006, LogLevel.Information, "DataGuard destroyed key {KeyId}.")]
    public static partial void KeyDestroyed(ILogger logger, KeyId keyId);

    [LoggerMessage(1007, LogLevel.Information, "DataGuard's active data key {KeyId} is older than {Lifetime}; rotating.")]
    public static partial void AutomaticRotation(ILogger logger, KeyId keyId, TimeSpan lifetime);
}
