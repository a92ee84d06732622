// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// Endpoint metadata that opts an endpoint in to masking personal data in its JSON output (needed only with
/// <see cref="MaskingScope.Endpoint"/>). Put it on a controller or an action; minimal API endpoints use <c>.MaskPersonalData()</c>,
/// which adds this metadata and the filter that decides per request.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class MaskPersonalDataAttribute : Attribute
{
}
