// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace DataGuard.Logging;

/// <summary>
/// The filter that <see cref="LoggerFilterOptions"/> selects for a wrapped provider's type and a category, so that provider-specific
/// rules (<c>Logging:Console:LogLevel</c>, <c>AddFilter&lt;ConsoleLoggerProvider&gt;</c>) keep applying once the provider is
/// wrapped. The selection follows the logger factory's: a rule for the provider (by full type name or alias) beats a rule for every
/// provider, and a longer category prefix beats a shorter one.
/// </summary>
internal readonly struct ProviderLogFilter
{
    private readonly LogLevel? _minLevel;
    private readonly Func<string?, string?, LogLevel, bool>? _filter;
    private readonly string? _providerName;
    private readonly string _category;

    private ProviderLogFilter(LogLevel? minLevel, Func<string?, string?, LogLevel, bool>? filter, string? providerName, string category)
    {
        _minLevel = minLevel;
        _filter = filter;
        _providerName = providerName;
        _category = category;
    }

    public static ProviderLogFilter Select(LoggerFilterOptions options, Type providerType, string? providerAlias, string category)
    {
        LoggerFilterRule? current = null;
        foreach (var rule in options.Rules)
        {
            if (IsBetter(rule, current, providerType.FullName, category)
                || (!string.IsNullOrEmpty(providerAlias) && IsBetter(rule, current, providerAlias, category)))
            {
                current = rule;
            }
        }

        return current is null
            ? new ProviderLogFilter(options.MinLevel, null, providerType.FullName, category)
            : new ProviderLogFilter(current.LogLevel, current.Filter, providerType.FullName, category);
    }

    public bool IsEnabled(LogLevel level)
        => (_minLevel is not { } min || level >= min) && (_filter is null || _filter(_providerName, _category, level));

    private static bool IsBetter(LoggerFilterRule rule, LoggerFilterRule? current, string? provider, string category)
    {
        if (rule.ProviderName is not null && rule.ProviderName != provider)
        {
            return false;
        }

        if (rule.CategoryName is { } pattern)
        {
            var wildcard = pattern.IndexOf('*', StringComparison.Ordinal);
            var prefix = wildcard < 0 ? pattern.AsSpan() : pattern.AsSpan(0, wildcard);
            var suffix = wildcard < 0 ? default : pattern.AsSpan(wildcard + 1);
            if (!category.AsSpan().StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                || !category.AsSpan().EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        if (current?.ProviderName is not null)
        {
            if (rule.ProviderName is null)
            {
                return false;
            }
        }
        else if (rule.ProviderName is not null)
        {
            return true;
        }

        if (current?.CategoryName is { } currentCategory)
        {
            if (rule.CategoryName is null || currentCategory.Length > rule.CategoryName.Length)
            {
                return false;
            }
        }

        return true;
    }
}
