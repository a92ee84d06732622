// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard;
using DataGuard.EFCore.Auditing;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// The fluent equivalent of <see cref="DataSubjectAttribute"/>. Both end as the same model annotation.
/// </summary>
public static class DataGuardAuditPropertyBuilderExtensions
{
    /// <summary>
    /// Marks the property whose value identifies the row's data subject (for example the caller's phone number or a customer id): audit
    /// records of the row carry the value's keyed hash, never the value. The property must be a string, a <see cref="Guid"/> or an
    /// integer; other types are refused when the model is built.
    /// </summary>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    public static PropertyBuilder IsDataSubject(this PropertyBuilder propertyBuilder)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        propertyBuilder.HasAnnotation(AuditAnnotationNames.DataSubject, true);
        return propertyBuilder;
    }

    /// <summary>
    /// Marks the property whose value identifies the row's data subject: audit records of the row carry the value's keyed hash, never
    /// the value. The property must be a string, a <see cref="Guid"/> or an integer; other types are refused when the model is built.
    /// </summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="propertyBuilder">The property builder.</param>
    /// <returns>The value of <paramref name="propertyBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="propertyBuilder"/> is <see langword="null"/>.</exception>
    public static PropertyBuilder<TProperty> IsDataSubject<TProperty>(this PropertyBuilder<TProperty> propertyBuilder)
        => (PropertyBuilder<TProperty>)IsDataSubject((PropertyBuilder)propertyBuilder);
}
