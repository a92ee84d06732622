// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Retention;

/// <summary>One foreign key whose principal is purged, with what to do to its dependents.</summary>
/// <param name="ForeignKey">The foreign key (single column).</param>
/// <param name="Action">What to do.</param>
internal sealed record DependentStep(IForeignKey ForeignKey, DependentAction Action)
{
    /// <summary>Gets the dependent entity type.</summary>
    public IEntityType Dependent => ForeignKey.DeclaringEntityType;

    /// <summary>Gets the foreign key's property.</summary>
    public IProperty Property => ForeignKey.Properties[0];

    /// <summary>Gets the principal's property the foreign key refers to.</summary>
    public IProperty PrincipalProperty => ForeignKey.PrincipalKey.Properties[0];
}
