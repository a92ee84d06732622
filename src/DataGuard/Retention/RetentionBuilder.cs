// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq.Expressions;

namespace DataGuard.Retention;

/// <summary>
/// Declares retention policies in code: <c>r.Keep&lt;CallLog&gt;(c =&gt; c.StartedAt, TimeSpan.FromDays(365))</c>. A policy declared here
/// replaces one of the same category bound from configuration.
/// </summary>
public sealed class RetentionBuilder
{
    private readonly List<KeyValuePair<string, RetentionPolicyOptions>> _policies = [];
    private readonly List<Action<RetentionOptions>> _options = [];

    internal RetentionBuilder()
    {
    }

    /// <summary>Declares a policy measured from a <see cref="DateTimeOffset"/> property.</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="timestamp">The timestamp property, for example <c>c =&gt; c.StartedAt</c>.</param>
    /// <param name="period">The period, or <see langword="null"/> for indefinite.</param>
    /// <param name="tenantMayChoose">The bounds of a tenant's choice (maximum <see langword="null"/>: indefinite), or <see langword="null"/> when tenants may not choose.</param>
    /// <param name="statutory">Whether the law requires the rows to be kept (action <see cref="RetentionAction.Keep"/>; give the legal basis with <paramref name="legalBasis"/>).</param>
    /// <param name="category">The category name, or <see langword="null"/> for the entity's name in kebab case (<c>CallLog</c>: <c>call-log</c>).</param>
    /// <param name="legalBasis">The legal basis of statutory retention.</param>
    /// <param name="configure">Further settings (action, anonymized properties, tenant property).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The selector is not a property access, or the category is declared twice.</exception>
    public RetentionBuilder Keep<TEntity>(
        Expression<Func<TEntity, DateTimeOffset>> timestamp,
        TimeSpan? period,
        (TimeSpan Minimum, TimeSpan? Maximum)? tenantMayChoose = null,
        bool statutory = false,
        string? category = null,
        string? legalBasis = null,
        Action<RetentionPolicyBuilder<TEntity>>? configure = null)
        where TEntity : class
        => Add(timestamp, period, tenantMayChoose, statutory, category, legalBasis, configure);

    /// <summary>Declares a policy measured from a nullable <see cref="DateTimeOffset"/> property (a null timestamp never expires).</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="timestamp">The timestamp property.</param>
    /// <param name="period">The period, or <see langword="null"/> for indefinite.</param>
    /// <param name="tenantMayChoose">The bounds of a tenant's choice, or <see langword="null"/>.</param>
    /// <param name="statutory">Whether the law requires the rows to be kept.</param>
    /// <param name="category">The category name, or <see langword="null"/> for the entity's name in kebab case.</param>
    /// <param name="legalBasis">The legal basis of statutory retention.</param>
    /// <param name="configure">Further settings.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The selector is not a property access, or the category is declared twice.</exception>
    public RetentionBuilder Keep<TEntity>(
        Expression<Func<TEntity, DateTimeOffset?>> timestamp,
        TimeSpan? period,
        (TimeSpan Minimum, TimeSpan? Maximum)? tenantMayChoose = null,
        bool statutory = false,
        string? category = null,
        string? legalBasis = null,
        Action<RetentionPolicyBuilder<TEntity>>? configure = null)
        where TEntity : class
        => Add(timestamp, period, tenantMayChoose, statutory, category, legalBasis, configure);

    /// <summary>Declares a policy measured from a UTC <see cref="DateTime"/> property.</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="timestamp">The timestamp property (values must be UTC).</param>
    /// <param name="period">The period, or <see langword="null"/> for indefinite.</param>
    /// <param name="tenantMayChoose">The bounds of a tenant's choice, or <see langword="null"/>.</param>
    /// <param name="statutory">Whether the law requires the rows to be kept.</param>
    /// <param name="category">The category name, or <see langword="null"/> for the entity's name in kebab case.</param>
    /// <param name="legalBasis">The legal basis of statutory retention.</param>
    /// <param name="configure">Further settings.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The selector is not a property access, or the category is declared twice.</exception>
    public RetentionBuilder Keep<TEntity>(
        Expression<Func<TEntity, DateTime>> timestamp,
        TimeSpan? period,
        (TimeSpan Minimum, TimeSpan? Maximum)? tenantMayChoose = null,
        bool statutory = false,
        string? category = null,
        string? legalBasis = null,
        Action<RetentionPolicyBuilder<TEntity>>? configure = null)
        where TEntity : class
        => Add(timestamp, period, tenantMayChoose, statutory, category, legalBasis, configure);

    /// <summary>Declares a policy measured from a nullable UTC <see cref="DateTime"/> property (a null timestamp never expires).</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="timestamp">The timestamp property (values must be UTC).</param>
    /// <param name="period">The period, or <see langword="null"/> for indefinite.</param>
    /// <param name="tenantMayChoose">The bounds of a tenant's choice, or <see langword="null"/>.</param>
    /// <param name="statutory">Whether the law requires the rows to be kept.</param>
    /// <param name="category">The category name, or <see langword="null"/> for the entity's name in kebab case.</param>
    /// <param name="legalBasis">The legal basis of statutory retention.</param>
    /// <param name="configure">Further settings.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The selector is not a property access, or the category is declared twice.</exception>
    public RetentionBuilder Keep<TEntity>(
        Expression<Func<TEntity, DateTime?>> timestamp,
        TimeSpan? period,
        (TimeSpan Minimum, TimeSpan? Maximum)? tenantMayChoose = null,
        bool statutory = false,
        string? category = null,
        string? legalBasis = null,
        Action<RetentionPolicyBuilder<TEntity>>? configure = null)
        where TEntity : class
        => Add(timestamp, period, tenantMayChoose, statutory, category, legalBasis, configure);

    /// <summary>Sets other options (batch size, schedule, lease, archive directory).</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public RetentionBuilder Configure(Action<RetentionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _options.Add(configure);
        return this;
    }

    internal void ApplyTo(RetentionOptions options)
    {
        foreach (var (category, policy) in _policies)
        {
            options.Policies[category] = policy;
        }

        foreach (var configure in _options)
        {
            configure(options);
        }
    }

    /// <summary>The entity's name in kebab case: <c>CallLog</c> gives <c>call-log</c>.</summary>
    internal static string DefaultCategory(Type entityType)
    {
        var name = entityType.Name;
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    text.Append('-');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsLetterOrDigit(c))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private RetentionBuilder Add<TEntity>(
        LambdaExpression timestamp,
        TimeSpan? period,
        (TimeSpan Minimum, TimeSpan? Maximum)? tenantMayChoose,
        bool statutory,
        string? category,
        string? legalBasis,
        Action<RetentionPolicyBuilder<TEntity>>? configure)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        var policy = new RetentionPolicyOptions
        {
            EntityClrType = typeof(TEntity),
            Entity = typeof(TEntity).FullName,
            Timestamp = RetentionPolicyBuilder<TEntity>.PropertyName(timestamp, nameof(timestamp)),
            Period = period,
            Statutory = statutory,
            LegalBasis = legalBasis,
            Action = statutory ? RetentionAction.Keep : RetentionAction.Delete,
        };
        if (tenantMayChoose is { } bounds)
        {
            policy.TenantMayChoose = true;
            policy.TenantMinimum = bounds.Minimum;
            policy.TenantMaximum = bounds.Maximum;
        }

        configure?.Invoke(new RetentionPolicyBuilder<TEntity>(policy));
        category ??= DefaultCategory(typeof(TEntity));
        foreach (var existing in _policies)
        {
            if (string.Equals(existing.Key, category, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The retention category '{category}' is declared twice; give one of the policies another category.", nameof(category));
            }
        }

        _policies.Add(new(category, policy));
        return this;
    }
}
