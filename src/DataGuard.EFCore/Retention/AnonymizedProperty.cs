// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Retention;

/// <summary>A property an anonymize policy clears: set to its marker or null, its blind-index shadow property (if any) to null.</summary>
/// <param name="Property">The property.</param>
/// <param name="Marker">The marker, or <see langword="null"/> to set the property to null.</param>
/// <param name="IndexProperty">The blind-index shadow property, or <see langword="null"/>.</param>
internal sealed record AnonymizedProperty(IProperty Property, string? Marker, IProperty? IndexProperty);
