// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Configuration;

namespace DataGuard.Retention;

/// <summary>
/// Binds <see cref="RetentionOptions"/> from configuration (<c>DataGuard:Retention</c>): the options and each policy under
/// <c>Policies:&lt;category&gt;</c> (<c>Entity</c>, <c>Timestamp</c>, <c>Period</c>, <c>Action</c>, <c>Anonymize:0..n</c>,
/// <c>Markers:&lt;property&gt;</c>, <c>Statutory</c>, <c>LegalBasis</c>, <c>TenantMayChoose</c>, <c>TenantMinimum</c>, <c>TenantMaximum</c>,
/// <c>TenantProperty</c>). Periods are <see cref="TimeSpan"/> text (<c>365</c> or <c>365.00:00:00</c> is 365 days); an omitted period
/// or maximum is indefinite.
/// </summary>
/// <remarks>
/// An unknown key fails the binding, naming the key: a misspelt <c>Period</c> would otherwise leave a policy indefinite without a word.
/// Policies declared in code are applied after this and replace a bound policy of the same category.
/// </remarks>
internal static class RetentionConfiguration
{
    /// <summary>Binds the section into <paramref name="options"/>.</summary>
    /// <param name="section">The <c>DataGuard:Retention</c> section.</param>
    /// <param name="options">The options.</param>
    /// <exception cref="InvalidOperationException">The section holds a key that is not an option, or a value of the wrong type.</exception>
    public static void Bind(IConfigurationSection section, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        section.Bind(options, static binder => binder.ErrorOnUnknownConfiguration = true);
    }
}
