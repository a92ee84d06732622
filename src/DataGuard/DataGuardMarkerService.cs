// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>
/// Registered by <c>AddDataGuard</c> so that integrations (EF Core, ASP.NET Core) can tell whether it was called.
/// </summary>
internal sealed class DataGuardMarkerService
{
}
