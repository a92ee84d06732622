// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard;
using DataGuard.EFCore.Tokenization;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// The fluent equivalent of <see cref="TokenizedAttribute"/>. Both end as the same model annotations.
/// </summary>
public static class DataGuardTokenizationPropertyBuilderExtensions
{
    /// <summary>
    /// Stores a token in the column instead of the value; the value goes encrypted into the <c>DataGuardTokens</c> vault table
    /// (add it with <c>modelBuilder.AddDataGuard()</c>). The property must be a string that is neither a key nor a foreign key nor encrypted.
    /// </summary>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <param name="format">The token format.</param>
    /// <param name="tenantProperty">The property of the same entity that holds the tenant; <see langword="null"/> for the tenant of the
    /// current <see cref="IDataGuardTenantContext"/> (or global tokens without one).</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a <see cref="TokenFormat"/> value.</exception>
    /// <exception cref="ArgumentException"><paramref name="tenantProperty"/> is empty or white space.</exception>
    public static PropertyBuilder IsTokenized(this PropertyBuilder propertyBuilder, TokenFormat format = TokenFormat.Opaque, string? tenantProperty = null)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        TokenFormats.Validate(format, nameof(format));
        if (tenantProperty is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(tenantProperty);
        }

        propertyBuilder.HasAnnotation(TokenizationAnnotationNames.Tokenized, (int)format);
        propertyBuilder.HasAnnotation(TokenizationAnnotationNames.TenantProperty, tenantProperty);
        return propertyBuilder;
    }

    /// <summary>
    /// Stores a token in the column instead of the value; the value goes encrypted into the <c>DataGuardTokens</c> vault table
    /// (add it with <c>modelBuilder.AddDataGuard()</c>). The property must be a string (<c>string</c> or <c>string?</c>; other types
    /// are refused when the model is built) that is neither a key nor a foreign key nor encrypted.
    /// </summary>
    /// <typeparam name="TProperty">The property type (generic so that <c>string?</c> properties need no cast).</typeparam>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <param name="format">The token format.</param>
    /// <param name="tenantProperty">The property of the same entity that holds the tenant; <see langword="null"/> for the tenant of the
    /// current <see cref="IDataGuardTenantContext"/> (or global tokens without one).</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a <see cref="TokenFormat"/> value.</exception>
    /// <exception cref="ArgumentException"><paramref name="tenantProperty"/> is empty or white space.</exception>
    public static PropertyBuilder<TProperty> IsTokenized<TProperty>(this PropertyBuilder<TProperty> propertyBuilder, TokenFormat format = TokenFormat.Opaque, string? tenantProperty = null)
        => (PropertyBuilder<TProperty>)IsTokenized((PropertyBuilder)propertyBuilder, format, tenantProperty);
}
