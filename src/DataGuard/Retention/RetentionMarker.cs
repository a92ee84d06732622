// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Retention;

/// <summary>Marks a service collection in which <c>AddRetention</c> has run (its services are added once).</summary>
internal sealed class RetentionMarker
{
}
