// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DataGuard.EFCore.Tests.Model;

/// <summary>An entity whose encrypted property is an indexer property (property bag).</summary>
public sealed class BagEntity
{
    private readonly Dictionary<string, object?> _values = [];

    public int Id { get; set; }

    public object? this[string key]
    {
        get => _values.TryGetValue(key, out var value) ? value : null;
        set => _values[key] = value;
    }
}
