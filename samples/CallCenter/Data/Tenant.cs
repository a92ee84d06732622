// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace CallCenter.Data;

public sealed class Tenant
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;
}
