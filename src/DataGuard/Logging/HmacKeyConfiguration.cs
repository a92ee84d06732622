// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Options;

namespace DataGuard.Logging;

/// <summary>Gives Microsoft's <see cref="HmacRedactorOptions"/> the key and key id of <see cref="LogRedactionOptions"/>.</summary>
internal sealed class HmacKeyConfiguration(IOptions<LogRedactionOptions> options) : IConfigureOptions<HmacRedactorOptions>
{
    public void Configure(HmacRedactorOptions hmacOptions)
    {
        ArgumentNullException.ThrowIfNull(hmacOptions);
        var value = options.Value;
        hmacOptions.Key = value.HmacKey ?? string.Empty;
        hmacOptions.KeyId = value.HmacKeyId;
    }
}
