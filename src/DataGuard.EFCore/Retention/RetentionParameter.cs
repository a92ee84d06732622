// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Retention;

/// <summary>Holds a value a retention predicate reads through a member access, so that EF Core sends it as one parameter (a list as one collection parameter).</summary>
/// <typeparam name="T">The value's type.</typeparam>
internal sealed class RetentionParameter<T>(T value)
{
    public T Value { get; } = value;
}
