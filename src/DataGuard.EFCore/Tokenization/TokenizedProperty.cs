// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Tokenization;

/// <summary>A tokenized property of a finalized model.</summary>
/// <param name="Property">The property.</param>
/// <param name="Format">The token format.</param>
/// <param name="TenantProperty">The property of the same entity that holds the tenant, or <see langword="null"/> for the scope's tenant.</param>
internal sealed record TokenizedProperty(IProperty Property, TokenFormat Format, IProperty? TenantProperty);
