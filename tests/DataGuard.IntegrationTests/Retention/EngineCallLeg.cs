// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

public sealed class EngineCallLeg
{
    public string Carrier { get; set; } = string.Empty;
}
