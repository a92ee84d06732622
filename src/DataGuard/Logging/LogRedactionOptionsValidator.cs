// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace DataGuard.Logging;

/// <summary>Validates <see cref="LogRedactionOptions"/> at start-up: the HMAC key must be present and long enough in HMAC mode.</summary>
internal sealed class LogRedactionOptionsValidator : IValidateOptions<LogRedactionOptions>
{
    /// <summary>The shortest key, in bytes.</summary>
    internal const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, LogRedactionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!Enum.IsDefined(options.PhoneNumberRedaction))
        {
            failures.Add($"LogRedactionOptions.PhoneNumberRedaction must be Hmac or Mask (it is '{options.PhoneNumberRedaction}').");
        }

        if (options.HmacKey is { } key)
        {
            if (!IsLongEnoughBase64(key))
            {
                failures.Add($"LogRedactionOptions.HmacKey must be base 64 of at least {MinimumKeyBytes} random bytes (44 characters); generate one with Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).");
            }
        }
        else if (options.PhoneNumberRedaction == PhoneNumberLogRedaction.Hmac)
        {
            failures.Add("DataGuard redacts phone numbers in logs with a keyed HMAC, but LogRedactionOptions.HmacKey is not set. Set it in RedactPersonalDataInLogs(o => o.HmacKey = ...) from a secret store (base 64 of at least 32 random bytes), or choose PhoneNumberRedaction = PhoneNumberLogRedaction.Mask.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsLongEnoughBase64(string key)
    {
        var buffer = new byte[key.Length];
        var valid = Convert.TryFromBase64String(key, buffer, out var written) && written >= MinimumKeyBytes;
        Array.Clear(buffer);
        return valid;
    }
}
