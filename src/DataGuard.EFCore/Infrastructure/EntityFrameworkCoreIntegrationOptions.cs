// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.EFCore.Infrastructure;

/// <summary>The contexts passed to <c>UseEntityFrameworkCore</c>, validated at start-up.</summary>
internal sealed class EntityFrameworkCoreIntegrationOptions
{
    public HashSet<Type> ContextTypes { get; } = [];
}
