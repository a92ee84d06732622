// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Query;

/// <summary>Holds a value a query reads through a member access, so that EF Core sends it as a parameter (one cached plan for all values).</summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class QueryValue<T>(T value)
{
    public T BlindIndex { get; } = value;
}
