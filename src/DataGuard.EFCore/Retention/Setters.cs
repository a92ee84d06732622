// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Query;

namespace DataGuard.EFCore.Retention;

/// <summary>Adds <c>SetProperty</c> calls for properties known only at run time to an <c>ExecuteUpdate</c> setters builder.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
internal static class Setters<TEntity>
{
    private static readonly MethodInfo SetValueMethod = typeof(UpdateSettersBuilder<TEntity>).GetMethods()
        .Single(m => m.Name == nameof(UpdateSettersBuilder<TEntity>.SetProperty) && m.IsGenericMethodDefinition && m.GetParameters()[1].ParameterType.IsGenericParameter);

    /// <summary>Sets the property that <paramref name="property"/> selects (a <c>Func&lt;TEntity, TProperty&gt;</c> lambda) to a constant value.</summary>
    public static void Set(UpdateSettersBuilder<TEntity> setters, LambdaExpression property, object? value)
        => SetValueMethod.MakeGenericMethod(property.ReturnType).Invoke(setters, [property, value]);
}
