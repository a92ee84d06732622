// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq.Expressions;

namespace DataGuard.Retention;

/// <summary>Further settings of one retention policy declared in code.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class RetentionPolicyBuilder<TEntity>
    where TEntity : class
{
    internal RetentionPolicyBuilder(RetentionPolicyOptions options) => Options = options;

    /// <summary>Gets the options being built.</summary>
    public RetentionPolicyOptions Options { get; }

    /// <summary>Deletes expired rows (the default).</summary>
    /// <returns>This builder.</returns>
    public RetentionPolicyBuilder<TEntity> Delete()
    {
        Options.Action = RetentionAction.Delete;
        return this;
    }

    /// <summary>Hands expired rows to the <see cref="IRetentionArchive"/> (stored values, still encrypted), then deletes them.</summary>
    /// <returns>This builder.</returns>
    public RetentionPolicyBuilder<TEntity> Archive()
    {
        Options.Action = RetentionAction.Archive;
        return this;
    }

    /// <summary>Keeps expired rows but sets these properties to null (and clears their blind indexes).</summary>
    /// <param name="properties">The properties, for example <c>c =&gt; c.CallerNumber</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A selector is not a property access.</exception>
    public RetentionPolicyBuilder<TEntity> Anonymize(params Expression<Func<TEntity, object?>>[] properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        Options.Action = RetentionAction.Anonymize;
        foreach (var property in properties)
        {
            var name = PropertyName(property, nameof(properties));
            if (!Options.Anonymize.Contains(name))
            {
                Options.Anonymize.Add(name);
            }
        }

        return this;
    }

    /// <summary>Anonymizes a property that cannot be null by setting it to a marker.</summary>
    /// <param name="property">The property.</param>
    /// <param name="marker">The marker (for example <c>[removed]</c>); it must satisfy the column's constraints (length).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The selector is not a property access, or the marker is null.</exception>
    public RetentionPolicyBuilder<TEntity> AnonymizeWith(Expression<Func<TEntity, string?>> property, string marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var name = PropertyName(property, nameof(property));
        Options.Action = RetentionAction.Anonymize;
        if (!Options.Anonymize.Contains(name))
        {
            Options.Anonymize.Add(name);
        }

        Options.Markers[name] = marker;
        return this;
    }

    /// <summary>Names the property that holds the row's tenant (default: a property named <c>TenantId</c>).</summary>
    /// <typeparam name="TTenant">The property's type.</typeparam>
    /// <param name="property">The property.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The selector is not a property access.</exception>
    public RetentionPolicyBuilder<TEntity> TenantKey<TTenant>(Expression<Func<TEntity, TTenant>> property)
    {
        Options.TenantProperty = PropertyName(property, nameof(property));
        return this;
    }

    /// <summary>Marks the rows as kept by law: never purged, refused by erasure with this legal basis.</summary>
    /// <param name="legalBasis">The legal basis (for example a statute and section).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="legalBasis"/> is blank.</exception>
    public RetentionPolicyBuilder<TEntity> Statutory(string legalBasis)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(legalBasis);
        Options.Statutory = true;
        Options.LegalBasis = legalBasis;
        Options.Action = RetentionAction.Keep;
        return this;
    }

    internal static string PropertyName(LambdaExpression selector, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(selector, parameterName);
        var body = selector.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
        {
            body = convert.Operand;
        }

        if (body is MemberExpression { Expression: ParameterExpression } member)
        {
            return member.Member.Name;
        }

        throw new ArgumentException($"The selector must be a direct property access such as x => x.StartedAt; '{selector}' is not.", parameterName);
    }
}
