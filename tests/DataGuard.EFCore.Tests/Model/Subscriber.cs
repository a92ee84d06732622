// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DataGuard.EFCore.Tests.Model;

/// <summary>An entity with a collection navigation to entities that hold encrypted properties (filtered Include, nested projections).</summary>
public sealed class Subscriber
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public List<SubscriberCall> Calls { get; set; } = [];
}
