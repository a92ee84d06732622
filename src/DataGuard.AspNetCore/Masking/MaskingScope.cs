// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.AspNetCore.Masking;

/// <summary>Which responses mask personal data.</summary>
public enum MaskingScope
{
    /// <summary>
    /// Only endpoints that opt in (<c>.MaskPersonalData()</c> on a minimal API endpoint or group, <see cref="MaskPersonalDataAttribute"/>
    /// on a controller or action) mask. Other endpoints serialise personal data raw. Serialisation outside a request always masks.
    /// </summary>
    Endpoint = 0,

    /// <summary>Every response masks personal data unless the request's principal may see it.</summary>
    Global = 1,
}
