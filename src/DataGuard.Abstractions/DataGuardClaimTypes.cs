// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>Claim types DataGuard reads.</summary>
public static class DataGuardClaimTypes
{
    /// <summary>A claim whose value is one of <see cref="DataGuardPermissions"/>, granting that permission.</summary>
    public const string Permission = "dataguard:permission";
}
