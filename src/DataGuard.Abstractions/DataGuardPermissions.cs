// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// The permissions DataGuard checks. DataGuard.AspNetCore maps each to an ASP.NET Core authorization policy of the same name;
/// elsewhere a principal holds one through a <see cref="DataGuardClaimTypes.Permission"/> claim or a role mapped in
/// <c>PermissionOptions</c>.
/// </summary>
public static class DataGuardPermissions
{
    /// <summary>See personal data (phone numbers and other masked properties) unmasked.</summary>
    public const string ViewPersonalData = "dataguard:view-personal-data";

    /// <summary>Export a data subject's personal data.</summary>
    public const string ExportPersonalData = "dataguard:export-personal-data";

    /// <summary>Erase a data subject's personal data.</summary>
    public const string ErasePersonalData = "dataguard:erase-personal-data";

    /// <summary>Turn tokens back into the values they stand for.</summary>
    public const string Detokenize = "dataguard:detokenize";

    /// <summary>Gets every permission DataGuard defines.</summary>
    public static string[] All => [ViewPersonalData, ExportPersonalData, ErasePersonalData, Detokenize];
}
